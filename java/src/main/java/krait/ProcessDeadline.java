package krait;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deadline of a connection's call in flight, watched by one check on the shared watchdog.
 * A call schedules a check only when its deadline is earlier than the one already armed, and
 * cancels nothing: a check that finds the call over (or a later deadline) disarms (or re-arms
 * for that deadline). So however many calls are made, the watchdog's queue holds a few tasks per
 * connection, where a task scheduled and cancelled per call would stay queued until its delay.
 */
final class ProcessDeadline {

    /** What to do with a call whose deadline passed. */
    interface OnTimeout {
        /**
         * Called once, on the watchdog thread.
         *
         * @param number the call's number
         * @param timeout its timeout
         * @param interruptible whether it may be interrupted (else the child is killed)
         */
        void timedOut(long number, Duration timeout, boolean interruptible);
    }

    /** One call's deadline ({@link System#nanoTime()} based). */
    private record Call(long number, long deadline, Duration timeout, boolean interruptible) {
    }

    private final ScheduledExecutorService watchdog;
    private final OnTimeout onTimeout;
    private final AtomicReference<Call> current = new AtomicReference<>();
    /** Whether a check is scheduled, and when the earliest one runs; guarded by {@code this}. */
    private boolean armed;
    private long armedAt;

    ProcessDeadline(ScheduledExecutorService watchdog, OnTimeout onTimeout) {
        this.watchdog = watchdog;
        this.onTimeout = onTimeout;
    }

    /** Watches call {@code number} until {@link #end()}: past {@code timeout}, it times out. */
    void start(long number, Duration timeout, boolean interruptible) {
        long now = System.nanoTime();
        long deadline = Durations.deadline(now, timeout);
        current.set(new Call(number, deadline, timeout, interruptible));
        synchronized (this) {
            if (!armed || deadline - armedAt < 0) {
                arm(deadline, now);
            }
        }
    }

    /** The call ended (a later check finds nothing to do). */
    void end() {
        current.set(null);
    }

    /** Schedules a check at {@code at}; the caller holds {@code this}. */
    private void arm(long at, long now) {
        armed = true;
        armedAt = at;
        watchdog.schedule(this::check, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void check() {
        Call call;
        synchronized (this) {
            long now = System.nanoTime();
            if (armed && now - armedAt >= 0) {
                armed = false;
            }
            // Read under the lock: a call starting meanwhile either is seen here or sees the
            // check disarmed and arms its own.
            call = current.get();
            if (call == null) {
                return;
            }
            if (now - call.deadline() < 0) {
                if (!armed || call.deadline() - armedAt < 0) {
                    arm(call.deadline(), now);
                }
                return;
            }
        }
        if (current.compareAndSet(call, null)) {
            onTimeout.timedOut(call.number(), call.timeout(), call.interruptible());
        }
    }
}
