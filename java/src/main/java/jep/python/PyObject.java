package jep.python;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

import jep.JepAccess;
import jep.JepException;
import krait.UsageException;

import org.jspecify.annotations.Nullable;

/**
 * A Python object held from Java. It keeps the object alive until {@link #close()}, until
 * the last interpreter over its Python interpreter closes, or until Java collects it. Use
 * it on a thread where an interpreter over its Python interpreter is open: the one that
 * made it, one attached to that one ({@code Interpreter.attach}), or, for objects of
 * {@code SharedInterpreter}s, any thread with a {@code SharedInterpreter} open.
 */
public class PyObject extends JepAccess implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    /** What must be released; shared with the cleaner action, which must not see the PyObject. */
    static final class Reference implements Runnable {
        final PyAccess.Group group;
        final long pointer;
        final AtomicBoolean released = new AtomicBoolean();

        Reference(PyAccess.Group group, long pointer) {
            this.group = group;
            this.pointer = pointer;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                group.references.remove(this);
                PyAccess.release(group.interpreterId, pointer);
            }
        }
    }

    final Reference reference;

    PyObject(PyAccess.Group group, long pointer) {
        this.reference = new Reference(group, pointer);
        CLEANER.register(this, reference);
        group.references.add(reference);
    }

    /**
     * For a subclass whose object lives elsewhere (the handle of a
     * {@code krait.ProcessInterpreter}'s child process); such a subclass overrides every
     * public method, and krait's in-process interpreters refuse it.
     */
    protected PyObject() {
        this.reference = null;
    }

    /** CPython's ID of the Python interpreter the object belongs to. */
    long interpreterId() {
        return remoteCheck().group.interpreterId;
    }

    private Reference remoteCheck() {
        if (reference == null) {
            throw new UsageException("This PyObject lives in the child process of a krait.ProcessInterpreter; "
                    + "it cannot be used by an in-process interpreter.");
        }
        return reference;
    }

    /** The {@code PyObject*} after checking that the object is still usable. */
    long pointer() {
        if (remoteCheck().released.get()) {
            throw new UsageException("This PyObject has been closed.");
        }
        return reference.pointer;
    }

    /**
     * Releases the Python object now (idempotent).
     *
     * @throws JepException when no interpreter over the object's Python interpreter is
     *     open on the calling thread
     */
    @Override
    public void close() throws JepException {
        if (!reference.released.compareAndSet(false, true)) {
            return;
        }
        try {
            PyAccess.releaseNow(interpreterId(), reference.pointer);
        } catch (RuntimeException | Error e) {
            reference.released.set(false);
            throw e;
        }
        reference.group.references.remove(reference);
    }

    /**
     * {@code getattr(obj, name)}, converted to a Java value.
     *
     * @param name the attribute name
     * @return the value
     */
    public @Nullable Object getAttr(String name) throws JepException {
        return PyAccess.getAttr(interpreterId(), pointer(), name, null);
    }

    /**
     * {@code getattr(obj, name)}, converted to {@code cls}.
     *
     * @param name the attribute name
     * @param cls the Java class wanted
     * @param <T> the Java type
     * @return the value
     */
    public <T> @Nullable T getAttr(String name, Class<T> cls) throws JepException {
        return PyAccess.cast(cls, PyAccess.getAttr(interpreterId(), pointer(), name, cls));
    }

    /**
     * {@code setattr(obj, name, value)}.
     *
     * @param name the attribute name
     * @param value the Java value
     */
    public void setAttr(String name, @Nullable Object value) throws JepException {
        PyAccess.setAttr(interpreterId(), pointer(), name, value);
    }

    /**
     * {@code delattr(obj, name)}.
     *
     * @param name the attribute name
     */
    public void delAttr(String name) throws JepException {
        PyAccess.delAttr(interpreterId(), pointer(), name);
    }

    /**
     * Converts the Python object to a Java object of {@code cls}.
     *
     * @param cls the Java class wanted
     * @param <T> the Java type
     * @return the converted value
     */
    public <T> @Nullable T as(Class<T> cls) throws JepException {
        return PyAccess.cast(cls, PyAccess.as(interpreterId(), pointer(), cls));
    }

    /**
     * A Java object implementing the interfaces by calling this object's attributes
     * (default methods the object lacks keep their Java behaviour).
     *
     * @param primaryInterface the interface of the returned type
     * @param extraInterfaces more interfaces to implement
     * @param <T> the returned type
     * @return the proxy
     */
    public <T> T proxy(Class<T> primaryInterface, Class<?>... extraInterfaces) throws JepException {
        Class<?>[] all = new Class<?>[extraInterfaces.length + 1];
        all[0] = primaryInterface;
        System.arraycopy(extraInterfaces, 0, all, 1, extraInterfaces.length);
        return primaryInterface.cast(PyAccess.proxy(interpreterId(), pointer(), all));
    }

    /**
     * Python's {@code ==} with another PyObject of the same class (as in Jep: a
     * {@code PyCallable} is only equal to a {@code PyCallable}) and Python interpreter;
     * false for any other Java object, even one Python would find equal (a String for a
     * str), and false for a closed PyObject other than this one.
     *
     * @throws JepException if this PyObject is closed or used on the wrong thread
     */
    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || getClass() != other.getClass()) {
            return false;
        }
        long pointer = pointer();
        PyObject that = (PyObject) other;
        if (that.interpreterId() != interpreterId() || that.reference.released.get()) {
            return false;
        }
        return PyAccess.equals(interpreterId(), pointer, other);
    }

    /** Python's {@code hash()}. */
    @Override
    public int hashCode() {
        return PyAccess.hash(interpreterId(), pointer());
    }

    /** Python's {@code str()}. */
    @Override
    public String toString() {
        return PyAccess.str(interpreterId(), pointer());
    }
}
