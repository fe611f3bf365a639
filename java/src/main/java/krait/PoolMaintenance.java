package krait;

import java.util.List;

/**
 * The upkeep of an {@link InterpreterPool}, run on its maintenance thread: keeping {@code min}
 * interpreters open, closing those idle longer than the idle timeout, and the health check.
 * Each step takes a permit of the pool first, so upkeep never pushes it beyond {@code max}.
 */
final class PoolMaintenance {

    private final InterpreterPool pool;

    PoolMaintenance(InterpreterPool pool) {
        this.pool = pool;
    }

    /** Keeps min interpreters open and closes those idle longer than the idle timeout. */
    void keepSize() {
        try {
            while (!pool.closed && pool.live.size() < pool.min && pool.permits.tryAcquire()) {
                try {
                    pool.idle.offerFirst(pool.lending.startWorker());
                } finally {
                    pool.permits.release();
                }
            }
            long now = System.nanoTime();
            while (!pool.closed && pool.live.size() > pool.min) {
                PoolWorker oldest = pool.idle.peekLast();
                if (oldest == null || now - oldest.idleSince < Durations.nanos(pool.idleTimeout)
                        || !pool.permits.tryAcquire()) {
                    return;
                }
                try {
                    if (pool.idle.removeLastOccurrence(oldest)) {
                        pool.live.remove(oldest);
                        oldest.stop();
                        pool.counters.shrunk.incrementAndGet();
                    }
                } finally {
                    pool.permits.release();
                }
            }
        } catch (RuntimeException e) {
            InterpreterPool.LOG.log(System.Logger.Level.WARNING, () -> "pool maintenance failed: " + e, e);
        }
    }

    /** Evaluates the health check in each idle interpreter; retires and replaces those failing. */
    void checkHealth() {
        for (PoolWorker worker : List.copyOf(pool.idle)) {
            if (pool.closed || !pool.permits.tryAcquire()) {
                return;
            }
            if (!pool.idle.remove(worker)) {
                pool.permits.release();
                continue;
            }
            pool.busy.incrementAndGet();
            PoolJob job = new PoolJob(interp -> interp.getValue(pool.healthCheck), false);
            worker.submit(job);
            boolean healthy;
            try {
                Object value = worker.await(job, pool.healthDeadline);
                healthy = value != null && !Boolean.FALSE.equals(value);
            } catch (CallTimeoutException e) {
                pool.counters.healthFailures.incrementAndGet();
                if (job.state.get() != PoolJob.ABANDONED) {
                    retire(worker);
                }
                continue;
            } catch (RuntimeException e) {
                healthy = false;
            }
            if (healthy) {
                pool.lending.release(worker);
            } else {
                pool.counters.healthFailures.incrementAndGet();
                retire(worker);
            }
        }
    }

    /** Closes a worker that is out of the idle list and holds a permit, and replaces it. */
    private void retire(PoolWorker worker) {
        pool.live.remove(worker);
        worker.stop();
        pool.busy.decrementAndGet();
        pool.permits.release();
        pool.lending.replace();
    }
}
