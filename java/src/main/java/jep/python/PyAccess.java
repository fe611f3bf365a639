package jep.python;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jep.JepException;

/**
 * krait-internal glue between {@link PyObject}s, the interpreter that owns them, and the
 * native library. Not part of the Jep API; applications do not need it.
 */
public final class PyAccess {

    /** The interpreter side of Python objects: its handle, checked for thread and state. */
    public interface Owner {
        /**
         * The native handle, after checking the calling thread and that it is open.
         *
         * @return the handle
         * @throws JepException on another thread or after close
         */
        long handle() throws JepException;

        /**
         * Remembers a reference to release when the interpreter closes.
         *
         * @param reference an opaque reference object
         */
        void track(Object reference);

        /**
         * Forgets a reference released another way.
         *
         * @param reference an opaque reference object
         */
        void untrack(Object reference);
    }

    private static final Map<Long, Owner> OWNERS = new ConcurrentHashMap<>();

    private PyAccess() {
    }

    /**
     * Registers the owner of an open interpreter handle.
     *
     * @param handle the native handle
     * @param owner its owner
     */
    public static void register(long handle, Owner owner) {
        OWNERS.put(handle, owner);
    }

    /**
     * Releases every reference still held for an interpreter that is closing, on its
     * thread, and forgets the handle.
     *
     * @param handle the native handle
     * @param references the tracked references
     */
    public static void closeAll(long handle, Collection<Object> references) {
        for (Object reference : references.toArray()) {
            PyObject.Reference ref = (PyObject.Reference) reference;
            if (ref.released.compareAndSet(false, true)) {
                releaseNow(handle, ref.pointer);
            }
        }
        references.clear();
        OWNERS.remove(handle);
    }

    /** Called by the native side: a new PyObject/PyCallable owning a strong reference. */
    static PyObject wrap(long handle, long interpreterId, long pointer, boolean callable) {
        Owner owner = OWNERS.get(handle);
        if (owner == null) {
            return null;
        }
        return callable ? new PyCallable(owner, interpreterId, pointer) : new PyObject(owner, interpreterId, pointer);
    }

    /** Called by the native side: the {@code PyObject*} of a live PyObject of that interpreter, or 0. */
    static long pointerOf(Object candidate, long interpreterId) {
        if (candidate instanceof PyObject object && object.reference.interpreterId == interpreterId
                && !object.reference.released.get()) {
            return object.reference.pointer;
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Class<T> cls, Object value) {
        return (T) value;
    }

    static native Object getAttr(long handle, long pointer, String name, Class<?> target);

    static native void setAttr(long handle, long pointer, String name, Object value);

    static native void delAttr(long handle, long pointer, String name);

    static native Object as(long handle, long pointer, Class<?> target);

    static native Object call(long handle, long pointer, Object[] args, Map<String, Object> kwargs, Class<?> target);

    static native Object proxy(long handle, long pointer, Class<?>[] interfaces);

    static native boolean equals(long handle, long pointer, Object other);

    static native int hash(long handle, long pointer);

    static native String str(long handle, long pointer);

    static native void releaseNow(long handle, long pointer);

    static native void release(long interpreterId, long pointer);
}
