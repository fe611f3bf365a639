package jep.python;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * krait-internal glue between {@link PyObject}s, the interpreters that use them, and the
 * native library. Not part of the Jep API; applications do not need it.
 *
 * <p>As in Jep, a Python object held from Java belongs to its Python interpreter, not to
 * one {@code jep} interpreter: it is usable on every thread where an interpreter over
 * that Python interpreter is open (the one that made it, the interpreters attached to
 * it, and for the main interpreter every {@code SharedInterpreter}), and it is released
 * when the last of those closes.
 */
public final class PyAccess {

    /** The {@code jep} interpreters open over one Python interpreter and the objects they hold. */
    static final class Group {
        final long interpreterId;
        private int open;
        final Set<PyObject.Reference> references = ConcurrentHashMap.newKeySet();

        Group(long interpreterId) {
            this.interpreterId = interpreterId;
        }
    }

    private static final Map<Long, Group> GROUPS = new ConcurrentHashMap<>();

    private PyAccess() {
    }

    /**
     * Counts a newly opened interpreter over the Python interpreter {@code interpreterId}.
     *
     * @param interpreterId CPython's ID of the Python interpreter
     */
    public static synchronized void opened(long interpreterId) {
        GROUPS.computeIfAbsent(interpreterId, Group::new).open++;
    }

    /**
     * Whether only one interpreter over the Python interpreter {@code interpreterId} is
     * open (so closing it ends a sub-interpreter).
     *
     * @param interpreterId CPython's ID of the Python interpreter
     * @return true if one interpreter (or none) is open over it
     */
    public static synchronized boolean lastOpen(long interpreterId) {
        Group group = GROUPS.get(interpreterId);
        return group == null || group.open <= 1;
    }

    /**
     * Counts an interpreter closing, on its thread while it is still open; when it is the
     * last one over its Python interpreter, releases every Python object still held.
     *
     * @param interpreterId CPython's ID of the Python interpreter
     */
    public static synchronized void closing(long interpreterId) {
        Group group = GROUPS.get(interpreterId);
        if (group == null || --group.open > 0) {
            return;
        }
        GROUPS.remove(interpreterId);
        for (PyObject.Reference ref : group.references.toArray(new PyObject.Reference[0])) {
            if (ref.released.compareAndSet(false, true)) {
                releaseNow(interpreterId, ref.pointer);
            }
        }
        group.references.clear();
    }

    /** Called by the native side: a new PyObject/PyCallable owning a strong reference. */
    static PyObject wrap(long handle, long interpreterId, long pointer, boolean callable) {
        Group group = GROUPS.get(interpreterId);
        if (group == null) {
            return null;
        }
        return callable ? new PyCallable(group, pointer) : new PyObject(group, pointer);
    }

    /** Called by the native side: the {@code PyObject*} of a live PyObject of that interpreter, or 0. */
    static long pointerOf(Object candidate, long interpreterId) {
        if (candidate instanceof PyObject object && object.reference != null
                && object.reference.group.interpreterId == interpreterId
                && !object.reference.released.get()) {
            return object.reference.pointer;
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Class<T> cls, Object value) {
        return (T) value;
    }

    // Each native method runs in the Python interpreter `interpreterId` on the calling
    // thread, and throws JepException("Invalid thread access.") when no interpreter over
    // it is open there (except release, which may run on any thread).

    static native Object getAttr(long interpreterId, long pointer, String name, Class<?> target);

    static native void setAttr(long interpreterId, long pointer, String name, Object value);

    static native void delAttr(long interpreterId, long pointer, String name);

    static native Object as(long interpreterId, long pointer, Class<?> target);

    static native Object call(long interpreterId, long pointer, Object[] args, Map<String, Object> kwargs,
            Class<?> target);

    static native Object proxy(long interpreterId, long pointer, Class<?>[] interfaces);

    static native boolean equals(long interpreterId, long pointer, Object other);

    static native int hash(long interpreterId, long pointer);

    static native String str(long interpreterId, long pointer);

    static native void releaseNow(long interpreterId, long pointer);

    /** Queues the release of a reference for the next time a thread enters the interpreter (any thread). */
    static native void release(long interpreterId, long pointer);
}
