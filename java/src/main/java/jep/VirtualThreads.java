package jep;

import java.lang.reflect.Method;

import krait.UsageException;

/**
 * krait's rule for virtual threads: a {@code jep} interpreter cannot be opened on one.
 *
 * <p>An interpreter's Python thread state belongs to one operating-system thread, while a
 * virtual thread may resume on another carrier thread after any blocking call, so an
 * interpreter opened on it would be used from the wrong OS thread. Opening one throws a
 * {@link UsageException} that points to {@code krait.InterpreterPool}, whose interpreters
 * live on platform threads of their own and serve virtual threads.
 */
final class VirtualThreads {

    /** {@code Thread.isVirtual()} on Java 21 and newer; null on older Javas (no virtual threads). */
    private static final Method IS_VIRTUAL = findIsVirtual();

    private VirtualThreads() {
    }

    private static Method findIsVirtual() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Whether the calling thread is a virtual thread. */
    static boolean onVirtualThread() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (Boolean) IS_VIRTUAL.invoke(Thread.currentThread());
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Throws when called on a virtual thread. */
    static void refuse() {
        if (onVirtualThread()) {
            throw new UsageException("A jep interpreter cannot be opened on a virtual thread ("
                    + Thread.currentThread() + "): its Python thread state is bound to one OS thread, "
                    + "and a virtual thread moves between carrier threads. Use krait.InterpreterPool, "
                    + "whose interpreters live on platform threads and serve any thread, virtual ones included.");
        }
    }
}
