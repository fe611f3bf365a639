package krait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ProcessDeadline}: each call's deadline is watched without a watchdog task per call,
 * a passed deadline times its call out once, and an ended call never does.
 */
class ProcessDeadlineTest {

    private final ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1);
    private final List<Long> timedOut = new CopyOnWriteArrayList<>();
    private final ProcessDeadline deadline = new ProcessDeadline(watchdog,
            (number, timeout, interruptible) -> timedOut.add(number));

    @AfterEach
    void stop() {
        watchdog.shutdownNow();
    }

    @Test
    void manyCallsWithALongTimeoutLeaveOneTaskQueued() {
        // A task scheduled and cancelled per call stayed queued for its whole delay: 100 000
        // calls with a 30 s timeout held 100 000 tasks (about 100 B each) for 30 s.
        for (long number = 1; number <= 100_000; number++) {
            deadline.start(number, Duration.ofSeconds(30), true);
            deadline.end();
        }
        assertEquals(1, watchdog.getQueue().size());
        assertTrue(timedOut.isEmpty());
    }

    @Test
    @Timeout(10)
    void aPassedDeadlineTimesItsCallOutOnce() throws InterruptedException {
        deadline.start(7, Duration.ofMillis(50), true);
        awaitTimedOut(1);
        Thread.sleep(200);
        assertEquals(List.of(7L), timedOut);
    }

    @Test
    void anEndedCallNeverTimesOut() throws InterruptedException {
        deadline.start(1, Duration.ofMillis(50), true);
        deadline.end();
        Thread.sleep(300);
        assertTrue(timedOut.isEmpty());
        assertEquals(0, watchdog.getQueue().size(), "the check ran and did not re-arm");
    }

    @Test
    @Timeout(10)
    void aShortDeadlineAfterLongOnesIsKept() {
        for (long number = 1; number <= 10; number++) {
            deadline.start(number, Duration.ofSeconds(30), true);
            deadline.end();
        }
        long started = System.nanoTime();
        deadline.start(11, Duration.ofMillis(100), true);
        awaitTimedOut(1);
        assertEquals(List.of(11L), timedOut);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5_000);
    }

    @Test
    @Timeout(10)
    void aLongCallStartedBeforeTheArmedCheckIsWatchedAgain() {
        deadline.start(1, Duration.ofMillis(100), true);
        deadline.end();
        // Call 2 starts before call 1's check runs; that check re-arms for call 2's deadline.
        deadline.start(2, Duration.ofMillis(400), true);
        awaitTimedOut(1);
        assertEquals(List.of(2L), timedOut);
    }

    private void awaitTimedOut(int count) {
        while (timedOut.size() < count) {
            Thread.onSpinWait();
        }
    }
}
