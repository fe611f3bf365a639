package jep.python;

import java.util.Map;

import jep.JepException;

import org.jspecify.annotations.Nullable;

/** A callable Python object (function, method, class…) held from Java. */
public class PyCallable extends PyObject {

    PyCallable(PyAccess.Group group, long pointer) {
        super(group, pointer);
    }

    /**
     * Calls it with positional arguments.
     *
     * @param args the arguments
     * @return the result, converted to a Java value
     */
    public @Nullable Object call(@Nullable Object... args) throws JepException {
        return PyAccess.call(interpreterId(), pointer(), args, null, null);
    }

    /**
     * Calls it with positional arguments, converting the result to {@code cls}.
     *
     * @param cls the Java class wanted
     * @param args the arguments
     * @param <T> the Java type
     * @return the result
     */
    public <T> @Nullable T callAs(Class<T> cls, @Nullable Object... args) throws JepException {
        return PyAccess.cast(cls, PyAccess.call(interpreterId(), pointer(), args, null, cls));
    }

    /**
     * Calls it with keyword arguments.
     *
     * @param kwargs the keyword arguments
     * @return the result, converted to a Java value
     */
    public @Nullable Object call(Map<String, @Nullable Object> kwargs) throws JepException {
        return PyAccess.call(interpreterId(), pointer(), null, kwargs, null);
    }

    /**
     * Calls it with keyword arguments, converting the result to {@code cls}.
     *
     * @param cls the Java class wanted
     * @param kwargs the keyword arguments
     * @param <T> the Java type
     * @return the result
     */
    public <T> @Nullable T callAs(Class<T> cls, Map<String, @Nullable Object> kwargs) throws JepException {
        return PyAccess.cast(cls, PyAccess.call(interpreterId(), pointer(), null, kwargs, cls));
    }

    /**
     * Calls it with positional and keyword arguments.
     *
     * @param args the positional arguments
     * @param kwargs the keyword arguments
     * @return the result, converted to a Java value
     */
    public @Nullable Object call(@Nullable Object[] args, Map<String, @Nullable Object> kwargs) throws JepException {
        return PyAccess.call(interpreterId(), pointer(), args, kwargs, null);
    }

    /**
     * Calls it with positional and keyword arguments, converting the result to {@code cls}.
     *
     * @param cls the Java class wanted
     * @param args the positional arguments
     * @param kwargs the keyword arguments
     * @param <T> the Java type
     * @return the result
     */
    public <T> @Nullable T callAs(Class<T> cls, @Nullable Object[] args, Map<String, @Nullable Object> kwargs) throws JepException {
        return PyAccess.cast(cls, PyAccess.call(interpreterId(), pointer(), args, kwargs, cls));
    }
}
