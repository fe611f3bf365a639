package krait;

import java.util.concurrent.atomic.AtomicLong;

/** The running totals behind {@link InterpreterPool#stats()}, updated without locks. */
final class PoolCounters {

    /** Interpreters opened (the first {@code min} and every later one). */
    final AtomicLong created = new AtomicLong();
    /** Interpreters retired (timed out, failed a health check, or unusable) and replaced. */
    final AtomicLong replaced = new AtomicLong();
    /** Calls whose deadline passed. */
    final AtomicLong timedOut = new AtomicLong();
    /** Interrupts sent to running calls (deadline or close). */
    final AtomicLong interrupted = new AtomicLong();
    /** Health checks that failed or did not answer in time. */
    final AtomicLong healthFailures = new AtomicLong();
    /** Idle interpreters closed because the pool was above {@code min} for too long. */
    final AtomicLong shrunk = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong totalWaitNanos = new AtomicLong();
    private final AtomicLong maxWaitNanos = new AtomicLong();

    /** A caller waited this long for a free interpreter. */
    void recordWait(long nanos) {
        waits.incrementAndGet();
        totalWaitNanos.addAndGet(nanos);
        maxWaitNanos.accumulateAndGet(nanos, Math::max);
    }

    /** The counters now, with the pool's idle and busy interpreter counts. */
    PoolStats snapshot(int idle, int busy) {
        return new PoolStats(idle, busy, created.get(), replaced.get(), timedOut.get(), interrupted.get(),
                healthFailures.get(), shrunk.get(), waits.get(), totalWaitNanos.get(), maxWaitNanos.get());
    }
}
