package krait;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import jep.Interpreter;

/**
 * One call handed to a pooled interpreter's thread, and its outcome. The worker and a caller
 * that gives up race on {@link #state}: the worker claims the outcome (RUNNING to COMPLETING),
 * or the caller abandons the job (RUNNING to ABANDONED) and the worker is retired.
 */
final class PoolJob {

    static final int RUNNING = 0;
    static final int COMPLETING = 1;
    static final int DONE = 2;
    static final int ABANDONED = 3;

    /** How long a waiting caller spins before parking, in nanoseconds. */
    private static final long SPIN_NANOS = 20_000;

    final Function<Interpreter, ?> body;
    /** Whether the worker goes back to the idle list by itself when done (not for health checks). */
    final boolean returnsToPool;
    final AtomicInteger state = new AtomicInteger(RUNNING);
    final Thread waiter = Thread.currentThread();
    volatile boolean interruptSent;
    /** The pool's close() interrupted this job. */
    volatile boolean interruptedByClose;
    Object value;
    Throwable error;

    PoolJob(Function<Interpreter, ?> body, boolean returnsToPool) {
        this.body = body;
        this.returnsToPool = returnsToPool;
    }

    /** Marks the outcome ready (after COMPLETING) and wakes the caller. */
    void finish() {
        state.set(DONE);
        LockSupport.unpark(waiter);
    }

    /**
     * Waits until the job is done or the deadline passes.
     *
     * @param deadline a {@link System#nanoTime()} value, or {@code Long.MAX_VALUE} for none
     * @return true when done
     */
    boolean awaitDone(long deadline) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (state.get() != DONE) {
            long now = System.nanoTime();
            if (now - deadline >= 0 && state.get() == RUNNING) {
                return false;
            }
            if (now - spinUntil < 0 || state.get() == COMPLETING) {
                Thread.onSpinWait();
            } else if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, deadline - now);
            }
            if (Thread.interrupted()) {
                interruptedWhileWaiting = true;
            }
        }
        return true;
    }

    /** The caller's thread was interrupted while waiting (re-asserted when the call returns). */
    boolean interruptedWhileWaiting;
}
