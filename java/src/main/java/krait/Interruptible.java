package krait;

/**
 * An interpreter that stops its running Python code when asked from another thread. krait's
 * own {@code jep} interpreters are interruptible without implementing it; other kinds of
 * interpreter (such as one in another process) implement it to work with {@link Interrupts}
 * and {@link InterpreterPool} timeouts.
 */
public interface Interruptible {

    /**
     * Makes the running Python code raise {@code KeyboardInterrupt} soon; returns at once.
     *
     * @return true when code was running and an interrupt is on its way, false when idle
     */
    boolean interrupt();
}
