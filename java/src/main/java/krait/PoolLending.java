package krait;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jep.JepException;

/**
 * Lending an {@link InterpreterPool}'s workers to callers: taking a permit and a free worker
 * (opening one when fewer than {@code max} are open), taking it back after the call, and
 * retiring and replacing a worker that cannot serve more calls.
 */
final class PoolLending {

    /** How long {@link #acquire} sleeps at most between looks at whether the pool closed. */
    private static final long ACQUIRE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final InterpreterPool pool;

    PoolLending(InterpreterPool pool) {
        this.pool = pool;
    }

    /** Takes a free interpreter (opening one when fewer than max are open), or throws. */
    PoolWorker acquire() {
        if (pool.closed) {
            throw pool.closedError();
        }
        if (!pool.permits.tryAcquire()) {
            long start = System.nanoTime();
            long deadline = Durations.deadline(start, pool.acquireTimeout);
            boolean got = false;
            try {
                while (!pool.closed && !got) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    got = pool.permits.tryAcquire(Math.min(left, ACQUIRE_SLICE_NANOS), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JepException("interrupted while waiting for a free interpreter of the pool", e);
            }
            pool.counters.recordWait(System.nanoTime() - start);
            if (!got) {
                if (pool.closed) {
                    throw pool.closedError();
                }
                throw new PoolExhaustedException("No pooled " + pool.kind.name() + " interpreter became free within "
                        + Durations.millis(pool.acquireTimeout) + " ms: all " + pool.max + " are busy (raise max or acquireTimeout)");
            }
        }
        if (pool.closed) {
            pool.permits.release();
            throw pool.closedError();
        }
        PoolWorker worker = pool.idle.pollFirst();
        if (worker == null) {
            try {
                worker = startWorker();
            } catch (RuntimeException | Error e) {
                pool.permits.release();
                throw e;
            }
        }
        pool.busy.incrementAndGet();
        return worker;
    }

    /** Opens a new worker and waits until its interpreter is ready. */
    PoolWorker startWorker() {
        PoolWorker worker = new PoolWorker(pool);
        pool.live.add(worker);
        worker.start();
        try {
            worker.ready.get();
        } catch (ExecutionException e) {
            pool.live.remove(worker);
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new JepException("a pooled interpreter could not open", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JepException("interrupted while a pooled interpreter was opening", e);
        }
        pool.counters.created.incrementAndGet();
        return worker;
    }

    /** A worker finished a call: back to the idle list (or stopped when the pool closed). */
    void release(PoolWorker worker) {
        pool.busy.decrementAndGet();
        worker.idleSince = System.nanoTime();
        if (pool.closed) {
            pool.live.remove(worker);
            worker.stop();
        } else {
            pool.idle.offerFirst(worker);
        }
        pool.permits.release();
    }

    /** Gives up a busy worker (its code did not stop, or its interpreter cannot serve more): never
     * reused, replaced by a new one. */
    void retire(PoolWorker worker) {
        pool.live.remove(worker);
        pool.busy.decrementAndGet();
        pool.permits.release();
        replace();
    }

    /** Opens a replacement interpreter in the background (when the pool is open and not full). */
    void replace() {
        pool.counters.replaced.incrementAndGet();
        if (pool.closed || pool.live.size() >= pool.max) {
            return;
        }
        pool.asyncCallers().execute(() -> {
            if (!pool.permits.tryAcquire()) {
                return;
            }
            try {
                if (!pool.closed && pool.live.size() < pool.max) {
                    PoolWorker fresh = startWorker();
                    fresh.idleSince = System.nanoTime();
                    pool.idle.offerFirst(fresh);
                }
            } catch (RuntimeException e) {
                InterpreterPool.LOG.log(System.Logger.Level.WARNING, () -> "opening a replacement " + pool.kind.name()
                        + " interpreter failed: " + e, e);
            } finally {
                pool.permits.release();
            }
        });
    }
}
