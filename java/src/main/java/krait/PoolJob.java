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

    /** The deadline of {@link #awaitDone} that never passes. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

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

    /** The waiting caller is parked (or about to park): wake it up. */
    private volatile boolean waiterParked;

    /** Marks the outcome ready (after COMPLETING) and wakes the caller if it parked. */
    void finish() {
        state.set(DONE);
        if (waiterParked) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Waits until the job is done or the deadline passes.
     *
     * @param deadline a {@link System#nanoTime()} value, or {@link #NO_DEADLINE}
     * @return true when done
     */
    boolean awaitDone(long deadline) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (state.get() != DONE) {
            long now = System.nanoTime();
            if (deadline != NO_DEADLINE && now - deadline >= 0 && state.get() == RUNNING) {
                return false;
            }
            if (now - spinUntil < 0 || state.get() == COMPLETING) {
                Thread.onSpinWait();
            } else {
                // Announce the park before the last look, so that finish() cannot miss it.
                waiterParked = true;
                if (state.get() == RUNNING) {
                    if (deadline == NO_DEADLINE) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, deadline - now);
                    }
                }
                waiterParked = false;
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
