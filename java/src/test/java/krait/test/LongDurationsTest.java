package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jep.Interpreter;
import jep.SharedInterpreter;
import krait.InterpreterKind;
import krait.InterpreterPool;
import krait.Interrupts;
import krait.ProcessInterpreter;
import krait.UsageException;

/**
 * "Forever" written as a huge {@link Duration} works wherever krait takes one: before, the pool,
 * {@link Interrupts#withTimeout} and ProcessInterpreter threw {@link ArithmeticException} from
 * {@code Duration.toNanos()} (or timed out at once when {@code nanoTime() + nanos} wrapped).
 */
@Timeout(120)
class LongDurationsTest {

    /** {@code ChronoUnit.FOREVER}: Long.MAX_VALUE seconds, far past what toNanos() can hold. */
    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();
    /** Within toNanos()'s range, but nanoTime() + it wraps. */
    private static final Duration WRAPS = Duration.ofNanos(Long.MAX_VALUE - 1);

    @Test
    void aPoolTakesForeverForEveryTimeout() {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(1)
                .acquireTimeout(FOREVER).callTimeout(FOREVER).interruptGrace(FOREVER).closeGrace(FOREVER)
                .idleTimeout(FOREVER).build()) {
            assertEquals((Object) 2L, pool.call(interp -> interp.getValue("1 + 1"), FOREVER));
            assertEquals((Object) 3L, pool.call(interp -> interp.getValue("1 + 2"), WRAPS));
            assertEquals((Object) 4L, pool.call(interp -> interp.getValue("2 + 2")));
        }
    }

    @Test
    void withTimeoutTakesForever() throws Exception {
        try (Interpreter interp = new SharedInterpreter()) {
            assertEquals(5L, Interrupts.withTimeout(interp, FOREVER, () -> interp.getValue("2 + 3")));
            assertEquals(6L, Interrupts.withTimeout(interp, WRAPS, () -> interp.getValue("3 + 3")));
        }
    }

    @Test
    void aProcessInterpreterTakesForeverForEveryTimeout() {
        try (ProcessInterpreter interp = ProcessInterpreter.builder().callTimeout(FOREVER).grace(FOREVER)
                .startTimeout(FOREVER).healthCheckInterval(FOREVER).start()) {
            assertEquals(7L, interp.getValue("3 + 4"));
            assertTrue(interp.ping(FOREVER));
            assertTrue(interp.ping(WRAPS));
        }
        try (ProcessInterpreter interp = ProcessInterpreter.builder().callTimeout(WRAPS).start()) {
            assertEquals(8L, interp.getValue("4 + 4"));
        }
    }

    @Test
    void aHealthCheckIntervalUnder1MsIsAUsageError() {
        UsageException zero = assertThrows(UsageException.class,
                () -> ProcessInterpreter.builder().healthCheckInterval(Duration.ZERO));
        assertTrue(zero.getMessage().contains("healthCheckInterval"), zero.getMessage());
        assertThrows(UsageException.class, () -> ProcessInterpreter.builder().healthCheckInterval(Duration.ofMillis(-1)));
    }
}
