package krait;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

/** {@link Durations}: clamping at both ends, and deadlines that compare right across a wrap. */
class DurationsTest {

    @Test
    void ordinaryDurationsAreExact() {
        assertEquals(1_500_000_000L, Durations.nanos(Duration.ofMillis(1500)));
        assertEquals(1500L, Durations.millis(Duration.ofMillis(1500)));
        assertEquals(0L, Durations.nanos(Duration.ZERO));
    }

    @Test
    void hugeDurationsSaturateAndNegativeOnesAreZero() {
        assertEquals(Durations.LONGEST_NANOS, Durations.nanos(ChronoUnit.FOREVER.getDuration()));
        assertEquals(Durations.LONGEST_NANOS, Durations.nanos(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals(Durations.LONGEST_NANOS / 1_000_000, Durations.millis(ChronoUnit.FOREVER.getDuration()));
        assertEquals(0L, Durations.nanos(Duration.ofSeconds(-3)));
        assertEquals(0L, Durations.nanos(Duration.ofSeconds(Long.MIN_VALUE)));
    }

    @Test
    void aDeadlineThatWrapsIsStillInTheFuture() {
        long now = Long.MAX_VALUE - 10;
        long deadline = Durations.deadline(now, ChronoUnit.FOREVER.getDuration());
        assertEquals(Durations.LONGEST_NANOS, deadline - now);
        assertEquals(true, now - deadline < 0, "compared by difference, the deadline is ahead");
    }
}
