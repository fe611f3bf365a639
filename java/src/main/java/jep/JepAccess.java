package jep;

/** Base of the Python-object classes that need the interpreter behind them (as in Jep). */
public abstract class JepAccess {

    /** Subclasses are created by krait. */
    protected JepAccess() {
    }
}
