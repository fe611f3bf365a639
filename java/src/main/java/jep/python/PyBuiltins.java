package jep.python;

import java.util.Map;

import jep.Interpreter;

/** Python's built-in functions, called from Java on an interpreter's thread. */
public interface PyBuiltins {

    /**
     * Calls Python's {@code callable(obj)}.
     *
     * @param obj the Python object
     * @return whether {@code obj} can be called
     */
    boolean callable(Object obj);

    /**
     * Calls Python's {@code delattr(obj, name)}.
     *
     * @param obj the Python object
     * @param name the attribute name
     */
    void delattr(PyObject obj, String name);

    /**
     * Calls Python's {@code dict()}.
     *
     * @return the new dict
     */
    PyObject dict();

    /**
     * Calls Python's {@code dict(map)}.
     *
     * @param map the entries of the new dict
     * @return the new dict
     */
    PyObject dict(Map<?, ?> map);

    /**
     * Calls Python's {@code dir(obj)}.
     *
     * @param obj the Python object
     * @return the names of the attributes
     */
    String[] dir(PyObject obj);

    /**
     * Calls Python's {@code eval(source, globals)}.
     *
     * @param source the Python expression or statements
     * @param globals the global namespace, a Python dict
     * @return the value of the expression, converted to Java
     */
    Object eval(String source, PyObject globals);

    /**
     * Calls Python's {@code eval(source, globals, locals)}.
     *
     * @param source the Python expression or statements
     * @param globals the global namespace, a Python dict
     * @param locals the local namespace, a mapping
     * @return the value of the expression, converted to Java
     */
    Object eval(String source, PyObject globals, PyObject locals);

    /**
     * Calls Python's {@code exec(source, globals)}.
     *
     * @param source the Python expression or statements
     * @param globals the global namespace, a Python dict
     */
    void exec(String source, PyObject globals);

    /**
     * Calls Python's {@code exec(source, globals, locals)}.
     *
     * @param source the Python expression or statements
     * @param globals the global namespace, a Python dict
     * @param locals the local namespace, a mapping
     */
    void exec(String source, PyObject globals, PyObject locals);

    /**
     * Calls Python's {@code frozenset()}.
     *
     * @return the new frozenset
     */
    PyObject frozenset();

    /**
     * Calls Python's {@code frozenset(iterable)}.
     *
     * @param iterable the items
     * @return the new frozenset
     */
    PyObject frozenset(Iterable<?> iterable);

    /**
     * Calls Python's {@code frozenset(array)}.
     *
     * @param array the items
     * @return the new frozenset
     */
    PyObject frozenset(Object[] array);

    /**
     * Calls Python's {@code getattr(obj, name)}.
     *
     * @param obj the Python object
     * @param name the attribute name
     * @return the attribute, converted to Java
     */
    Object getattr(PyObject obj, String name);

    /**
     * Calls Python's {@code hasattr(obj, name)}.
     *
     * @param obj the Python object
     * @param name the attribute name
     * @return whether the attribute exists
     */
    boolean hasattr(PyObject obj, String name);

    /**
     * Calls Python's {@code id(obj)}.
     *
     * @param obj the Python object
     * @return the identity of the object
     */
    long id(PyObject obj);

    /**
     * Calls Python's {@code isinstance(obj, type)}.
     *
     * @param obj the Python object
     * @param type the Python type
     * @return whether {@code obj} is an instance of {@code type}
     */
    boolean isinstance(PyObject obj, PyObject type);

    /**
     * Calls Python's {@code issubclass(type, base)}.
     *
     * @param type the Python type
     * @param base the possible base type
     * @return whether {@code type} is a subclass of {@code base}
     */
    boolean issubclass(PyObject type, PyObject base);

    /**
     * Calls Python's {@code list()}.
     *
     * @return the new list
     */
    PyObject list();

    /**
     * Calls Python's {@code list(iterable)}.
     *
     * @param iterable the items
     * @return the new list
     */
    PyObject list(Iterable<?> iterable);

    /**
     * Calls Python's {@code list(array)}.
     *
     * @param array the items
     * @return the new list
     */
    PyObject list(Object[] array);

    /**
     * Calls Python's {@code object()}.
     *
     * @return a new featureless object
     */
    PyObject object();

    /**
     * Calls Python's {@code set()}.
     *
     * @return the new set
     */
    PyObject set();

    /**
     * Calls Python's {@code set(iterable)}.
     *
     * @param iterable the items
     * @return the new set
     */
    PyObject set(Iterable<?> iterable);

    /**
     * Calls Python's {@code set(array)}.
     *
     * @param array the items
     * @return the new set
     */
    PyObject set(Object[] array);

    /**
     * Calls Python's {@code setattr(obj, name, value)}.
     *
     * @param obj the Python object
     * @param name the attribute name
     * @param value the new value
     */
    void setattr(PyObject obj, String name, Object value);

    /**
     * Calls Python's {@code tuple()}.
     *
     * @return the new tuple
     */
    PyObject tuple();

    /**
     * Calls Python's {@code tuple(iterable)}.
     *
     * @param iterable the items
     * @return the new tuple
     */
    PyObject tuple(Iterable<?> iterable);

    /**
     * Calls Python's {@code tuple(array)}.
     *
     * @param array the items
     * @return the new tuple
     */
    PyObject tuple(Object[] array);

    /**
     * Calls Python's {@code type(obj)}.
     *
     * @param obj the Python object
     * @return the type of {@code obj}
     */
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
