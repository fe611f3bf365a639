package krait;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one place where a caller's {@link Duration} becomes the nanosecond or millisecond count
 * a timed wait takes. {@link Duration#toNanos()} throws past about 292 years and
 * {@code System.nanoTime() + nanos} wraps long before that, so a caller who writes "forever" as
 * {@code ChronoUnit.FOREVER.getDuration()} or {@code Duration.ofDays(Long.MAX_VALUE / 86400)}
 * would get an {@link ArithmeticException} or an immediate timeout. Here such durations saturate
 * at {@link #LONGEST_NANOS}, which is longer than any JVM runs, and negative ones count as zero.
 */
final class Durations {
    /**
     * The longest wait, about 146 years: half of {@code long}'s range, so that
     * {@code deadline - System.nanoTime()} (the way every deadline here is compared) stays exact
     * even when {@code now + LONGEST_NANOS} wraps.
     */
    static final long LONGEST_NANOS = Long.MAX_VALUE / 2;

    private static final Duration LONGEST = Duration.ofNanos(LONGEST_NANOS);

    private Durations() {}

    /**
     * The duration in nanoseconds, clamped to {@code [0, LONGEST_NANOS]}.
     *
     * @param duration the caller's duration (not null)
     * @return its length in nanoseconds, never negative and never overflowing
     */
    static long nanos(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        return duration.compareTo(LONGEST) >= 0 ? LONGEST_NANOS : duration.toNanos();
    }

    /**
     * The duration in milliseconds, clamped the same way (for waits that take milliseconds and
     * for messages).
     *
     * @param duration the caller's duration (not null)
     * @return its length in whole milliseconds
     */
    static long millis(Duration duration) {
        return TimeUnit.NANOSECONDS.toMillis(nanos(duration));
    }

    /**
     * The {@link System#nanoTime()} value {@code duration} after {@code now}; compare it with
     * {@code deadline - System.nanoTime()}, never with {@code <} directly.
     *
     * @param now a {@link System#nanoTime()} value
     * @param duration the time from {@code now} (not null)
     * @return the deadline
     */
    static long deadline(long now, Duration duration) {
        return now + nanos(duration);
    }
}
