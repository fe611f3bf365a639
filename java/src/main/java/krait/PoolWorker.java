package krait;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jep.Interpreter;
import jep.JepException;
import jep.python.PyObject;

import org.jspecify.annotations.Nullable;

/**
 * One pooled interpreter and the platform thread it lives on: the thread opens it, runs the
 * pool's warm-up, runs the calls handed to it one at a time, and closes it.
 */
final class PoolWorker implements Runnable {

    /** How long an idle worker spins for its next call before parking, in nanoseconds. */
    private static final long SPIN_NANOS = 50_000;

    /** The job that tells a worker to close its interpreter and end. */
    private static final PoolJob STOP = new PoolJob(interp -> null, false);

    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private final InterpreterPool pool;
    final Thread thread;
    /** Completes when the interpreter is open and warmed up (or with why it could not open). */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile PoolJob next;
    /** The worker is parked (or about to park) waiting for its next job: wake it up. */
    private volatile boolean parked;
    /** The job running now, null when idle. */
    volatile PoolJob current;
    /** The interrupt key of the interpreter (0 when the kind is {@link Interruptible} or unknown). */
    private volatile long interruptKey;
    private volatile Interpreter interpreter;
    /** When the worker last became idle, as {@link System#nanoTime()}. */
    volatile long idleSince = System.nanoTime();

    PoolWorker(InterpreterPool pool) {
        this.pool = pool;
        this.thread = new Thread(this, "krait-pool-" + pool.kindName() + "-" + NUMBERS.incrementAndGet());
        thread.setDaemon(true);
    }

    /** Starts the thread, which opens the interpreter. */
    void start() {
        thread.start();
    }

    /** Hands a job to the worker, which must be idle and owned by the caller. */
    void submit(PoolJob job) {
        current = job;
        next = job;
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /** Asks the worker to close its interpreter and end once its current job is over. */
    void stop() {
        next = STOP;
        LockSupport.unpark(thread);
    }

    /** Interrupts the Python code of the running job; true when an interrupt is on its way. */
    boolean interrupt() {
        Interpreter open = interpreter;
        if (open instanceof Interruptible interruptible) {
            return interruptible.interrupt();
        }
        long key = interruptKey;
        return key != 0 && Interrupts.interruptKey(key);
    }

    /** Lets the kind end the call of a worker the pool gave up on (see {@link InterpreterKind#abandon}). */
    void abandon(InterpreterKind kind) {
        Interpreter open = interpreter;
        if (open != null) {
            kind.abandon(open);
        }
    }

    /**
     * Waits for the outcome of a job this worker runs, within its deadline: on timeout
     * interrupts it, and retires the worker when the job does not stop within the pool's
     * interrupt grace period.
     *
     * @param job the job submitted to this worker
     * @param timeout the deadline, or null for none
     * @return the job's value (its error is thrown)
     */
    Object await(PoolJob job, @Nullable Duration timeout) {
        long deadline = timeout == null ? PoolJob.NO_DEADLINE : Durations.deadline(System.nanoTime(), timeout);
        if (!job.awaitDone(deadline)) {
            pool.counters.timedOut.incrementAndGet();
            job.interruptSent = interrupt();
            if (job.interruptSent) {
                pool.counters.interrupted.incrementAndGet();
            }
            if (!job.awaitDone(Durations.deadline(System.nanoTime(), pool.interruptGrace))
                    && job.state.compareAndSet(PoolJob.RUNNING, PoolJob.ABANDONED)) {
                abandon(pool.kind);
                pool.lending.retire(this);
                finishWaiting(job);
                throw new CallTimeoutException("The call did not finish within " + Durations.millis(timeout)
                        + " ms, nor stop within " + Durations.millis(pool.interruptGrace) + " ms of being interrupted (blocked in "
                        + "C code?): its " + pool.kindName() + " interpreter is retired and replaced");
            }
            job.awaitDone(PoolJob.NO_DEADLINE);
            finishWaiting(job);
            if (job.error != null) {
                CallTimeoutException timedOutError = new CallTimeoutException("The call did not finish within "
                        + Durations.millis(timeout) + " ms and was interrupted");
                timedOutError.addSuppressed(job.error);
                throw timedOutError;
            }
            return job.value;
        }
        finishWaiting(job);
        Throwable error = job.error;
        if (error == null) {
            return job.value;
        }
        if (job.interruptedByClose) {
            throw new InterruptedCallException("The InterpreterPool closed and interrupted this call", error);
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        throw new JepException(error);
    }

    private static void finishWaiting(PoolJob job) {
        if (job.interruptedWhileWaiting) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Interpreter interp;
        try {
            interp = pool.openInterpreter();
        } catch (Throwable e) {
            ready.completeExceptionally(e);
            return;
        }
        interpreter = interp;
        interruptKey = interp instanceof Interruptible ? 0 : Interrupts.keyOf(interp);
        ready.complete(null);
        PooledInterpreter lent = new PooledInterpreter(interp);
        try {
            serve(lent);
        } finally {
            try {
                interp.close();
            } catch (RuntimeException e) {
                pool.closeFailed(this, e);
            }
        }
    }

    private void serve(PooledInterpreter lent) {
        while (true) {
            PoolJob job = take();
            if (job == STOP) {
                return;
            }
            Object value = null;
            Throwable error = null;
            lent.lend(true);
            try {
                value = job.body.apply(lent);
                if (value instanceof PyObject) {
                    error = new UsageException("A Python object obtained inside InterpreterPool.call is valid "
                            + "only inside it: return Java values (for example getValue(expr, Class)) instead");
                    value = null;
                }
            } catch (Throwable e) {
                error = e;
            } finally {
                lent.lend(false);
            }
            if (!job.state.compareAndSet(PoolJob.RUNNING, PoolJob.COMPLETING)) {
                // The caller gave up on this job and retired the worker.
                return;
            }
            job.value = value;
            job.error = error;
            current = null;
            if (job.returnsToPool && !pool.usable(lent.target())) {
                // Its interpreter cannot serve more (a child process died): replaced.
                pool.lending.retire(this);
                job.finish();
                return;
            }
            if (job.returnsToPool) {
                pool.lending.release(this);
            }
            job.finish();
        }
    }

    /** Waits for the next job: spins briefly (fast hand-offs), then parks. */
    private PoolJob take() {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        PoolJob job;
        while ((job = next) == null) {
            if (System.nanoTime() - spinUntil < 0) {
                Thread.onSpinWait();
            } else {
                // Announce the park before the last look, so that submit() cannot miss it.
                parked = true;
                if (next == null) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
        next = null;
        return job;
    }
}
