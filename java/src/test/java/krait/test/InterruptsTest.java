package krait.test;

import static krait.test.TestSupport.pythonMinor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;
import krait.CallTimeoutException;
import krait.Interrupts;

/**
 * krait.Interrupts: interrupting running Python code from another thread in shared, legacy and
 * isolated (own-GIL) interpreters; the interpreter stays usable; a no-op when idle; an interrupt
 * never reaches a later call; withTimeout on a non-pooled interpreter.
 */
class InterruptsTest {

    private static final String SPIN = "while True:\n    pass";

    /** Opens an interpreter on its own thread, interrupts its busy loop from this thread. */
    private static void interruptsBusyLoop(Supplier<Interpreter> open, String label) throws Exception {
        ExecutorService owner = Executors.newSingleThreadExecutor();
        try {
            Interpreter interp = owner.submit(open::get).get(30, TimeUnit.SECONDS);
            assertFalse(Interrupts.interrupt(interp), label + ": interrupting an idle interpreter is a no-op");
            CountDownLatch started = new CountDownLatch(1);
            Future<Throwable> run = owner.submit(() -> {
                interp.set("started", (Runnable) started::countDown);
                try {
                    interp.exec("started.run()\n" + SPIN);
                    return null;
                } catch (JepException e) {
                    return e;
                }
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            long start = System.nanoTime();
            boolean sent = false;
            while (!sent && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                sent = Interrupts.interrupt(interp);
            }
            assertTrue(sent, label + ": the interrupt was sent");
            Throwable error = run.get(30, TimeUnit.SECONDS);
            assertInstanceOf(JepException.class, error, label);
            assertTrue(error.getMessage().contains("KeyboardInterrupt"), label + ": " + error.getMessage());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 5000, label + ": stopped after " + millis + " ms");
            // Still usable, and no interrupt left over for the next call.
            assertEquals(42, ((Number) owner.submit(() -> {
                interp.exec("import time\nx = 0\nfor i in range(200000):\n    x += 1");
                return interp.getValue("6 * 7");
            }).get(30, TimeUnit.SECONDS)).intValue(), label);
            owner.submit(() -> {
                interp.close();
                return null;
            }).get(30, TimeUnit.SECONDS);
            assertFalse(Interrupts.interrupt(interp), label + ": interrupting a closed interpreter is a no-op");
        } finally {
            owner.shutdownNow();
        }
    }

    @Test
    void interruptsASharedInterpreter() throws Exception {
        interruptsBusyLoop(SharedInterpreter::new, "shared");
    }

    @Test
    void interruptsALegacySubInterpreter() throws Exception {
        interruptsBusyLoop(() -> new SubInterpreter(
                new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.legacy())), "legacy sub");
    }

    @Test
    void interruptsAnIsolatedOwnGilSubInterpreter() throws Exception {
        interruptsBusyLoop(() -> new SubInterpreter(
                new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated())), "isolated sub");
    }

    /** Two own-GIL interpreters spinning in parallel, both interrupted from this thread. */
    @Test
    void interruptsTwoIsolatedInterpretersAtOnce() throws Exception {
        boolean ownGil = pythonMinor() >= 12;
        ExecutorService ownA = Executors.newSingleThreadExecutor();
        ExecutorService ownB = Executors.newSingleThreadExecutor();
        try {
            Supplier<Interpreter> open = () -> new SubInterpreter(
                    new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated()));
            Interpreter a = ownA.submit(open::get).get(30, TimeUnit.SECONDS);
            Interpreter b = ownB.submit(open::get).get(30, TimeUnit.SECONDS);
            CountDownLatch started = new CountDownLatch(2);
            Future<String> runA = ownA.submit(() -> spinUntilInterrupted(a, started));
            Future<String> runB = ownB.submit(() -> spinUntilInterrupted(b, started));
            if (ownGil) {
                // Own GILs: both spin at the same time.
                assertTrue(started.await(30, TimeUnit.SECONDS));
            }
            // Before 3.12 "isolated" is legacy, and a spinning sub-interpreter starves the other of
            // the shared GIL (CPython 3.11 asks only the waiting thread's interpreter to drop it),
            // so the second starts spinning only once the first was interrupted.
            long start = System.nanoTime();
            while ((!runA.isDone() || !runB.isDone()) && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
                Interrupts.interrupt(a);
                Interrupts.interrupt(b);
                Thread.sleep(1);
            }
            assertTrue(runA.get(30, TimeUnit.SECONDS).contains("KeyboardInterrupt"));
            assertTrue(runB.get(30, TimeUnit.SECONDS).contains("KeyboardInterrupt"));
            ownA.submit(() -> {
                a.close();
                return null;
            }).get(30, TimeUnit.SECONDS);
            ownB.submit(() -> {
                b.close();
                return null;
            }).get(30, TimeUnit.SECONDS);
        } finally {
            ownA.shutdownNow();
            ownB.shutdownNow();
        }
    }

    private static String spinUntilInterrupted(Interpreter interp, CountDownLatch started) {
        interp.set("started", (Runnable) started::countDown);
        try {
            interp.exec("started.run()\n" + SPIN);
            return "not interrupted";
        } catch (JepException e) {
            return e.getMessage();
        }
    }

    /**
     * Interrupts fired at random moments of many short calls (which give up the GIL now and
     * then, so that the interrupt's helper gets in mid-call) either stop the call they hit or do
     * nothing; they share one helper thread; once they stop, no call sees one left over.
     */
    @Test
    void anInterruptNeverReachesALaterCall() throws Exception {
        ExecutorService owner = Executors.newSingleThreadExecutor();
        try {
            Interpreter interp = owner.submit(SharedInterpreter::new).get(30, TimeUnit.SECONDS);
            owner.submit(() -> {
                interp.exec("import time\ndef work(n):\n    s = 0\n    for i in range(n):\n        s += i\n"
                        + "        if i % 500 == 0:\n            time.sleep(0)\n    return s");
                return null;
            }).get(30, TimeUnit.SECONDS);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger mostHelpers = new AtomicInteger();
            CompletableFuture<Integer> sender = CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                while (!stop.get()) {
                    if (Interrupts.interrupt(interp)) {
                        sent++;
                    }
                    if (sent % 64 == 1) {
                        mostHelpers.accumulateAndGet(interruptHelperThreads(), Math::max);
                    }
                    Thread.onSpinWait();
                }
                return sent;
            });
            int[] outcomes = owner.submit(() -> {
                int ok = 0;
                int interrupted = 0;
                for (int i = 0; i < 300; i++) {
                    try {
                        interp.invoke("work", 2000);
                        ok++;
                    } catch (JepException e) {
                        assertTrue(e.getMessage().contains("KeyboardInterrupt"), e.getMessage());
                        interrupted++;
                    }
                }
                return new int[] {ok, interrupted};
            }).get(60, TimeUnit.SECONDS);
            stop.set(true);
            int sent = sender.get(30, TimeUnit.SECONDS);
            assertEquals(300, outcomes[0] + outcomes[1]);
            assertTrue(sent > 0, "interrupts were sent");
            assertTrue(outcomes[1] > 0, "some calls were interrupted");
            // One helper out at a time (plus, at most, ones that just finished and are exiting).
            assertTrue(mostHelpers.get() <= 3, "requests to one interpreter share one helper thread, saw "
                    + mostHelpers.get());
            // Give late helpers time to finish, then check nothing is left over.
            Thread.sleep(100);
            owner.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    assertEquals(1999000L, ((Number) interp.invoke("work", 2000)).longValue());
                }
                interp.close();
                return null;
            }).get(60, TimeUnit.SECONDS);
            System.out.printf("krait InterruptsTest: %d calls ok, %d interrupted, %d interrupts sent%n",
                    outcomes[0], outcomes[1], sent);
        } finally {
            owner.shutdownNow();
        }
    }

    /** How many of krait's interrupt helper threads run in this process now (Linux). */
    private static int interruptHelperThreads() {
        File[] tasks = new File("/proc/self/task").listFiles();
        int count = 0;
        for (File task : tasks == null ? new File[0] : tasks) {
            try {
                if (Files.readString(task.toPath().resolve("comm")).trim().equals("krait-interrupt")) {
                    count++;
                }
            } catch (IOException e) {
                // The thread ended meanwhile.
            }
        }
        return count;
    }

    @Test
    void withTimeoutStopsABusyLoopOfANonPooledInterpreter() throws Exception {
        TestSupport.onNewThread(() -> {
            try (Interpreter interp = new SharedInterpreter()) {
                long start = System.nanoTime();
                CallTimeoutException e = assertThrows(CallTimeoutException.class,
                        () -> Interrupts.withTimeout(interp, Duration.ofMillis(200), () -> {
                            interp.exec(SPIN);
                            return null;
                        }));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertInstanceOf(TimeoutException.class, e.getCause());
                assertTrue(millis >= 190 && millis < 3000, "stopped after " + millis + " ms");
                assertEquals(3, ((Number) Interrupts.withTimeout(interp, Duration.ofSeconds(5),
                        () -> interp.getValue("1 + 2"))).intValue());
            }
            return null;
        });
    }
}
