package jep.python;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

import jep.JepAccess;
import jep.JepException;

/**
 * A Python object held from Java. It keeps the object alive until {@link #close()}, until
 * its interpreter closes, or until Java collects it; the reference is then released by its
 * interpreter on that interpreter's thread. Use it only on the interpreter's thread.
 */
public class PyObject extends JepAccess implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    /** What must be released; shared with the cleaner action, which must not see the PyObject. */
    static final class Reference implements Runnable {
        final PyAccess.Owner owner;
        final long interpreterId;
        final long pointer;
        final AtomicBoolean released = new AtomicBoolean();

        Reference(PyAccess.Owner owner, long interpreterId, long pointer) {
            this.owner = owner;
            this.interpreterId = interpreterId;
            this.pointer = pointer;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                owner.untrack(this);
                PyAccess.release(interpreterId, pointer);
            }
        }
    }

    final PyAccess.Owner owner;
    final Reference reference;

    PyObject(PyAccess.Owner owner, long interpreterId, long pointer) {
        this.owner = owner;
        this.reference = new Reference(owner, interpreterId, pointer);
        CLEANER.register(this, reference);
        owner.track(reference);
    }

    /** The {@code PyObject*} after checking the thread and that the object is still usable. */
    long pointer() {
        owner.handle();
        if (reference.released.get()) {
            throw new JepException("This PyObject has been closed.");
        }
        return reference.pointer;
    }

    /** The interpreter handle, checked like {@link #pointer()}. */
    long handle() {
        return owner.handle();
    }

    /**
     * Releases the Python object now (idempotent).
     *
     * @throws JepException when called on another thread than the interpreter's
     */
    @Override
    public void close() throws JepException {
        if (reference.released.get()) {
            return;
        }
        long handle = owner.handle();
        if (reference.released.compareAndSet(false, true)) {
            owner.untrack(reference);
            PyAccess.releaseNow(handle, reference.pointer);
        }
    }

    /**
     * {@code getattr(obj, name)}, converted to a Java value.
     *
     * @param name the attribute name
     * @return the value
     */
    public Object getAttr(String name) throws JepException {
        return PyAccess.getAttr(handle(), pointer(), name, null);
    }

    /**
     * {@code getattr(obj, name)}, converted to {@code cls}.
     *
     * @param name the attribute name
     * @param cls the Java class wanted
     * @param <T> the Java type
     * @return the value
     */
    public <T> T getAttr(String name, Class<T> cls) throws JepException {
        return PyAccess.cast(cls, PyAccess.getAttr(handle(), pointer(), name, cls));
    }

    /**
     * {@code setattr(obj, name, value)}.
     *
     * @param name the attribute name
     * @param value the Java value
     */
    public void setAttr(String name, Object value) throws JepException {
        PyAccess.setAttr(handle(), pointer(), name, value);
    }

    /**
     * {@code delattr(obj, name)}.
     *
     * @param name the attribute name
     */
    public void delAttr(String name) throws JepException {
        PyAccess.delAttr(handle(), pointer(), name);
    }

    /**
     * Converts the Python object to a Java object of {@code cls}.
     *
     * @param cls the Java class wanted
     * @param <T> the Java type
     * @return the converted value
     */
    public <T> T as(Class<T> cls) throws JepException {
        return PyAccess.cast(cls, PyAccess.as(handle(), pointer(), cls));
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
        return primaryInterface.cast(PyAccess.proxy(handle(), pointer(), all));
    }

    /** Python's {@code ==} with another PyObject (or a converted Java value). */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return PyAccess.equals(handle(), pointer(), other);
    }

    /** Python's {@code hash()}. */
    @Override
    public int hashCode() {
        return PyAccess.hash(handle(), pointer());
    }

    /** Python's {@code str()}. */
    @Override
    public String toString() {
        return PyAccess.str(handle(), pointer());
    }
}
