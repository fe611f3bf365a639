package jep.python;

import java.util.Map;

import jep.Interpreter;

/** Python's built-in functions, called from Java on an interpreter's thread. */
public interface PyBuiltins {

    /** {@code callable(obj)}. */
    boolean callable(Object obj);

    /** {@code delattr(obj, name)}. */
    void delattr(PyObject obj, String name);

    /** {@code dict()}. */
    PyObject dict();

    /** {@code dict(map)}. */
    PyObject dict(Map<?, ?> map);

    /** {@code dir(obj)}. */
    String[] dir(PyObject obj);

    /** {@code eval(source, globals)}. */
    Object eval(String source, PyObject globals);

    /** {@code eval(source, globals, locals)}. */
    Object eval(String source, PyObject globals, PyObject locals);

    /** {@code exec(source, globals)}. */
    void exec(String source, PyObject globals);

    /** {@code exec(source, globals, locals)}. */
    void exec(String source, PyObject globals, PyObject locals);

    /** {@code frozenset()}. */
    PyObject frozenset();

    /** {@code frozenset(iterable)}. */
    PyObject frozenset(Iterable<?> iterable);

    /** {@code frozenset(array)}. */
    PyObject frozenset(Object[] array);

    /** {@code getattr(obj, name)}. */
    Object getattr(PyObject obj, String name);

    /** {@code hasattr(obj, name)}. */
    boolean hasattr(PyObject obj, String name);

    /** {@code id(obj)}. */
    long id(PyObject obj);

    /** {@code isinstance(obj, type)}. */
    boolean isinstance(PyObject obj, PyObject type);

    /** {@code issubclass(type, base)}. */
    boolean issubclass(PyObject type, PyObject base);

    /** {@code list()}. */
    PyObject list();

    /** {@code list(iterable)}. */
    PyObject list(Iterable<?> iterable);

    /** {@code list(array)}. */
    PyObject list(Object[] array);

    /** {@code object()}. */
    PyObject object();

    /** {@code set()}. */
    PyObject set();

    /** {@code set(iterable)}. */
    PyObject set(Iterable<?> iterable);

    /** {@code set(array)}. */
    PyObject set(Object[] array);

    /** {@code setattr(obj, name, value)}. */
    void setattr(PyObject obj, String name, Object value);

    /** {@code tuple()}. */
    PyObject tuple();

    /** {@code tuple(iterable)}. */
    PyObject tuple(Iterable<?> iterable);

    /** {@code tuple(array)}. */
    PyObject tuple(Object[] array);

    /** {@code type(obj)}. */
    PyCallable type(PyObject obj);

    /**
     * The built-ins of an interpreter; use them on its thread.
     *
     * @param interpreter the interpreter
     * @return its built-ins
     */
    static PyBuiltins get(Interpreter interpreter) {
        return new Builtins(interpreter.getValue("__import__('builtins')", PyObject.class));
    }
}
