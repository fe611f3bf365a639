package json;

/**
 * A class in a top-level Java package named {@code json}, which must never hide Python's
 * {@code json} module.
 */
public class JsonShadow {

    /** Creates an instance. */
    public JsonShadow() {
    }
}
