package jep;

/**
 * The bridge from {@code krait.Interrupts} to the native interrupt support of
 * {@link KraitNative} (see {@code native/core/interrupt.rs}). Package-private: reached through
 * reflection, so that package {@code jep} carries no public class beyond the Jep API.
 */
final class KraitInterrupts {

    /** {@link #interrupt} answer: an interrupt is on its way. */
    static final int SENT = 0;
    /** {@link #interrupt} answer: the interpreter runs no Python code. */
    static final int IDLE = 1;
    /** {@link #interrupt} answer: the interpreter is closed. */
    static final int CLOSED = 2;

    private KraitInterrupts() {
    }

    /** The interrupt key of an interpreter, read on its own thread when it opened. */
    static long keyOf(Jep interp) {
        return interp.interruptKey();
    }

    /** Interrupts the interpreter with that key: one of {@link #SENT}, {@link #IDLE}, {@link #CLOSED}. */
    static int interruptKey(long key) {
        return KraitNative.interrupt(key);
    }

    /**
     * Sends SIGINT to the process {@code pid}; false when it could not be sent or libkrait is
     * not loaded in this JVM (a JVM that only runs {@code ProcessInterpreter}s does not load it).
     */
    static boolean interruptProcess(long pid) {
        return MainInterpreter.started() && KraitNative.interruptProcess(pid);
    }
}
