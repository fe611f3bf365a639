package krait;

import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jep.JepException;
import jep.python.PyObject;

import org.jspecify.annotations.Nullable;

/**
 * A Python object held in the child of a {@link ProcessInterpreter}, named by a handle.
 * The child keeps the object alive until {@link #close()}, until Java collects this
 * PyObject (a {@link Cleaner} queues the release, sent with the interpreter's next
 * request), or until the interpreter closes. Any thread may use it. Unlike in-process
 * objects, callables are not {@code PyCallable}s: call them with {@link #call}.
 */
public final class ProcessPyObject extends PyObject {

    private static final Cleaner CLEANER = Cleaner.create();

    /** What must be released; shared with the cleaner action, which must not see the PyObject. */
    private static final class Release implements Runnable {
        final ProcessInterpreter owner;
        final long handle;
        final AtomicBoolean released = new AtomicBoolean();

        Release(ProcessInterpreter owner, long handle) {
            this.owner = owner;
            this.handle = handle;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                owner.release(handle);
            }
        }
    }

    final ProcessInterpreter owner;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    ProcessPyObject(ProcessInterpreter owner, long handle) {
        this.owner = owner;
        this.release = new Release(owner, handle);
        this.cleanable = CLEANER.register(this, release);
    }

    /** The handle, after checking that the object is still usable. */
    long handle() {
        if (release.released.get()) {
            throw new UsageException("This PyObject has been closed.");
        }
        return release.handle;
    }

    /** Releases the object in the child (with the interpreter's next request); idempotent. */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public @Nullable Object getAttr(String name) throws JepException {
        return owner.request("getAttr(" + name + ")", ProcessWire.OP_GETATTR, 2, out -> {
            owner.packValue(out, this);
            out.packString(name);
        });
    }

    @Override
    public <T> @Nullable T getAttr(String name, Class<T> cls) throws JepException {
        return ProcessCoercion.coerce(getAttr(name), cls);
    }

    @Override
    public void setAttr(String name, @Nullable Object value) throws JepException {
        owner.request("setAttr(" + name + ")", ProcessWire.OP_SETATTR, 3, out -> {
            owner.packValue(out, this);
            out.packString(name);
            owner.packValue(out, value);
        });
    }

    @Override
    public void delAttr(String name) throws JepException {
        owner.request("delAttr(" + name + ")", ProcessWire.OP_DELATTR, 2, out -> {
            owner.packValue(out, this);
            out.packString(name);
        });
    }

    /**
     * Calls the object with positional arguments.
     *
     * @param args the positional arguments, copied into the child as
     *     {@link ProcessInterpreter#set} copies a value (a {@code ProcessPyObject} of the same
     *     interpreter is passed as the object it names)
     * @return the result, converted as {@link ProcessInterpreter#invoke} converts it
     */
    public @Nullable Object call(@Nullable Object... args) throws JepException {
        return call(args, null);
    }

    /**
     * Calls the object with positional and keyword arguments.
     *
     * @param args the positional arguments, or null for none
     * @param kwargs the keyword arguments by name, or null for none
     * @return the result, converted as {@link ProcessInterpreter#invoke} converts it
     */
    public @Nullable Object call(@Nullable Object @Nullable [] args, @Nullable Map<String, @Nullable Object> kwargs) throws JepException {
        return owner.request("call", ProcessWire.OP_CALL, 3, out -> {
            owner.packValue(out, this);
            owner.packCall(out, args, kwargs);
        });
    }

    /**
     * The object as a Java class: itself for {@code PyObject.class} (or this class),
     * {@code str()} for {@code String.class}. Objects of the value kinds never come back as
     * handles, so there is nothing else to convert to.
     */
    @Override
    public <T> T as(Class<T> cls) throws JepException {
        if (cls.isInstance(this)) {
            return cls.cast(this);
        }
        if (cls == String.class) {
            return cls.cast(toString());
        }
        throw new ConversionException("Cannot convert a Python object held by a ProcessInterpreter (" + this
                + ") to " + cls.getName() + ": only values cross the process boundary, and this object is not one.");
    }

    /** Not supported: a proxy's calls would run Python in this JVM. */
    @Override
    public <T> T proxy(Class<T> primaryInterface, Class<?>... extraInterfaces) throws JepException {
        throw new UsageException("A PyObject of a ProcessInterpreter cannot implement a Java interface: its "
                + "calls would have to come back into this JVM. Use call() or getAttr() instead.");
    }

    /** Python's {@code ==} with another object of the same interpreter; false for anything else. */
    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ProcessPyObject that) || that.owner != owner || that.release.released.get()) {
            return false;
        }
        Object equal = owner.request("equals", ProcessWire.OP_EQ, 2, out -> {
            owner.packValue(out, this);
            owner.packValue(out, that);
        });
        return Boolean.TRUE.equals(equal);
    }

    /** Python's {@code hash()}. */
    @Override
    public int hashCode() {
        Object hash = owner.request("hashCode", ProcessWire.OP_HASH, 1, out -> owner.packValue(out, this));
        return Long.hashCode(((Number) hash).longValue());
    }

    /** Python's {@code str()}. */
    @Override
    public String toString() {
        return (String) owner.request("toString", ProcessWire.OP_STR, 1, out -> owner.packValue(out, this));
    }
}
