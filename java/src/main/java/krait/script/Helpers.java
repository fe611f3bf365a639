package krait.script;

/** The indexes of the Python helpers in the list {@link ScriptThread}'s helper source returns. */
final class Helpers {

    /** {@code compile_script(source, filename)}: a function running the compiled script. */
    static final int COMPILE = 0;
    /** {@code names()}: the globals' names, without Python's {@code __} names. */
    static final int NAMES = 1;
    /** {@code contains(name)}: whether a global is defined. */
    static final int CONTAINS = 2;
    /** {@code get(name)}: a global, or None. */
    static final int GET = 3;
    /** {@code remove(name)}: removes a global and returns it, or None. */
    static final int REMOVE = 4;
    /** {@code function(name)}: a callable global (or builtin), or None. */
    static final int FUNCTION = 5;
    /** {@code method(obj, name)}: a callable attribute, or None. */
    static final int METHOD = 6;
    /** {@code has_methods(obj, names)}: whether obj (None: the globals) has all these callables. */
    static final int HAS_METHODS = 7;
    /** An object whose attributes are the globals, for proxies over the globals' functions. */
    static final int GLOBALS = 8;

    private Helpers() {
    }
}
