package jep;

/**
 * The native side of {@code krait.Interrupts}: the key naming an open interpreter, and
 * interrupting the Python code it runs from any thread (see {@code native/core/interrupt.rs}).
 * Package-private: reached by {@code krait.Interrupts} through reflection, so that package
 * {@code jep} carries no public class beyond the Jep API.
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
        return interrupt(key);
    }

    /** The interrupt key of the interpreter behind an open handle, on its own thread. */
    static native long key(long handle);

    /** Schedules {@code KeyboardInterrupt} in the interpreter's running code; never blocks. */
    static native int interrupt(long key);
}
