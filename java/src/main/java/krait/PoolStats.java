package krait;

/**
 * A snapshot of an {@link InterpreterPool}'s counters.
 *
 * @param idle interpreters open and free now
 * @param busy interpreters running a call now
 * @param created interpreters opened since the pool was built
 * @param replaced interpreters retired (timed out or failed their health check) and replaced
 * @param timedOut calls that passed their deadline
 * @param interrupted calls that were interrupted (by a deadline or by closing the pool)
 * @param healthFailures health checks that failed
 * @param shrunk idle interpreters closed by the idle timeout
 * @param waits calls that had to wait for a free interpreter
 * @param totalWaitNanos the time all calls waited for a free interpreter, in nanoseconds
 * @param maxWaitNanos the longest such wait, in nanoseconds
 */
public record PoolStats(int idle, int busy, long created, long replaced, long timedOut, long interrupted,
        long healthFailures, long shrunk, long waits, long totalWaitNanos, long maxWaitNanos) {
}
