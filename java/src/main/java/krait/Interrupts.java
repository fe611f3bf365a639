package krait;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jep.Interpreter;
import jep.JepException;

import org.jspecify.annotations.Nullable;

/**
 * Stopping Python code that runs too long.
 *
 * <p>{@link #interrupt} may be called from any thread, for a {@code SharedInterpreter}, a
 * legacy {@code SubInterpreter} or an isolated one with its own GIL: the Python code the
 * interpreter runs raises {@code KeyboardInterrupt} at its next bytecode boundary, the call
 * that ran it throws a {@link JepException}, and the interpreter stays usable. It never waits
 * for a GIL itself: a short-lived native helper thread joins the interpreter to deliver the
 * interrupt. Code blocked inside C (a long {@code time.sleep}, a C extension) sees it only
 * when it returns to Python bytecode.
 */
public final class Interrupts {

    /** Fires the deadlines of {@link #withTimeout}. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "krait-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private static final Method KEY_OF = JepInternals.method("jep.KraitInterrupts", "keyOf", jep.Jep.class);
    private static final Method INTERRUPT_KEY = JepInternals.method("jep.KraitInterrupts", "interruptKey",
            long.class);
    private static final Method INTERRUPT_PROCESS = JepInternals.method("jep.KraitInterrupts", "interruptProcess",
            long.class);

    /** {@code jep.KraitInterrupts} answer: an interrupt is on its way. */
    private static final int SENT = 0;

    private Interrupts() {
    }

    /**
     * Interrupts the Python code the interpreter runs now; returns at once. Does nothing when
     * it runs no Python code or is closed.
     *
     * @param interp a krait {@code jep} interpreter, or an {@link Interruptible} one
     * @return true when code was running and an interrupt is on its way
     * @throws UsageException for an interpreter krait cannot interrupt
     */
    public static boolean interrupt(Interpreter interp) {
        if (interp instanceof Interruptible interruptible) {
            return interruptible.interrupt();
        }
        if (interp instanceof jep.Jep jep) {
            return interruptKey((Long) JepInternals.call(KEY_OF, jep));
        }
        throw new UsageException("krait cannot interrupt a " + (interp == null ? "null" : interp.getClass().getName())
                + " interpreter: use a jep interpreter of krait or an implementation of krait.Interruptible");
    }

    /**
     * The interrupt key of a krait interpreter (for the pool, which reads it once).
     *
     * @return the key, or 0 when the interpreter is not one of krait's {@code jep} interpreters
     */
    static long keyOf(Interpreter interp) {
        return interp instanceof jep.Jep jep ? (Long) JepInternals.call(KEY_OF, jep) : 0;
    }

    /** Interrupts the interpreter with that key; true when an interrupt is on its way. */
    static boolean interruptKey(long key) {
        return (Integer) JepInternals.call(INTERRUPT_KEY, key) == SENT;
    }

    /**
     * Sends SIGINT to the process {@code pid} from this process (no {@code kill} process
     * started); false when libkrait is not loaded in this JVM or the signal could not be sent.
     */
    static boolean interruptProcess(long pid) {
        return (Boolean) JepInternals.call(INTERRUPT_PROCESS, pid);
    }

    /**
     * Runs {@code task} on the calling thread, which must be the interpreter's own, with a
     * watchdog that interrupts the interpreter when {@code timeout} passes. A task interrupted
     * that way throws {@link CallTimeoutException} (caused by a
     * {@link java.util.concurrent.TimeoutException}). Code blocked in C returns only when the C
     * call does; use {@link InterpreterPool} to get the timeout promptly in that case too.
     *
     * @param <T> what the task returns
     * @param interp the interpreter the task uses
     * @param timeout the deadline, from now
     * @param task the work, such as {@code () -> interp.exec(code)}
     * @return what the task returned
     */
    public static <T extends @Nullable Object> T withTimeout(Interpreter interp, Duration timeout, Callable<T> task) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            fired.set(true);
            interrupt(interp);
        }, Durations.nanos(timeout), TimeUnit.NANOSECONDS);
        try {
            return task.call();
        } catch (JepException e) {
            if (fired.get()) {
                CallTimeoutException timedOut = new CallTimeoutException(
                        "Python code did not finish within " + Durations.millis(timeout) + " ms and was interrupted");
                timedOut.addSuppressed(e);
                throw timedOut;
            }
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new JepException(e);
        } finally {
            watchdog.cancel(false);
        }
    }
}
