package io;

/**
 * A class in a top-level Java package named {@code io}, which must never hide Python's
 * {@code io} module.
 */
public class IoShadow {

    /** Creates an instance. */
    public IoShadow() {
    }
}
