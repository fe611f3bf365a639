package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import krait.CallTimeoutException;
import krait.InterpreterKind;
import krait.InterpreterPool;
import krait.InterruptedCallException;
import krait.PoolExhaustedException;
import krait.PoolStats;
import krait.UsageException;

/**
 * krait.InterpreterPool: calls of every form from any thread, deadlines (busy loop and code
 * blocked in C), replacement after a failed health check, the idle timeout, close() with work
 * in flight, the acquire deadline, and 32 threads hammering a pool of 4.
 */
class InterpreterPoolTest {

    @Test
    void everyFormOfCallWorksFromAnyThread() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(2)
                .warmUp("import math\ndef add(a, b):\n    return a + b").build()) {
            pool.exec("y = 5");
            assertEquals(3, ((Number) pool.invoke("add", 1, 2)).intValue());
            assertEquals(4.0, pool.getValue("math.sqrt(16)", Double.class));
            assertEquals(10L, ((Number) pool.eval("2 * 5")).longValue());
            assertEquals("ab", pool.call(interp -> interp.invoke("add", "a", "b")));
            assertEquals(7, ((Number) pool.invokeAsync("add", 3, 4).get(30, TimeUnit.SECONDS)).intValue());
            assertEquals(9, pool.getValueAsync("4 + 5", Integer.class).get(30, TimeUnit.SECONDS));
            pool.execAsync("z = 1").get(30, TimeUnit.SECONDS);
            assertEquals("t", pool.callAsync(interp -> Thread.currentThread().getName().substring(0, 1)
                    .replace("k", "t")).get(30, TimeUnit.SECONDS));
            // The borrowed interpreter runs on a pool thread, never the caller's.
            String caller = Thread.currentThread().getName();
            assertNotEquals(caller, pool.call(interp -> Thread.currentThread().getName()));
            // Python errors come back as JepException.
            JepException error = assertThrows(JepException.class, () -> pool.exec("raise ValueError('boom')"));
            assertTrue(error.getMessage().contains("boom"), error.getMessage());
            PoolStats stats = pool.stats();
            assertTrue(stats.created() >= 1 && stats.created() <= 2, stats.toString());
            assertEquals(0, stats.busy());
        }
    }

    @Test
    void pythonObjectsAndTheInterpreterAreValidOnlyInsideACall() {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(1).build()) {
            UsageException leaked = assertThrows(UsageException.class,
                    () -> pool.call(interp -> interp.getValue("object()", jep.python.PyObject.class)));
            assertTrue(leaked.getMessage().contains("only inside"), leaked.getMessage());
            AtomicReference<Interpreter> kept = new AtomicReference<>();
            pool.call(interp -> {
                kept.set(interp);
                return null;
            });
            UsageException outside = assertThrows(UsageException.class, () -> kept.get().exec("x = 1"));
            assertTrue(outside.getMessage().contains("only inside"), outside.getMessage());
            assertThrows(UsageException.class, () -> pool.call(interp -> {
                interp.close();
                return null;
            }));
            assertEquals(2, ((Number) pool.eval("1 + 1")).intValue());
        }
    }

    @Test
    void aBusyLoopIsStoppedByA200MsDeadlineAndTheInterpreterIsReused() {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(1).build()) {
            pool.exec("marker = 'kept'");
            long start = System.nanoTime();
            CallTimeoutException e = assertThrows(CallTimeoutException.class,
                    () -> pool.exec("while True:\n    pass", Duration.ofMillis(200)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(millis >= 190 && millis < 2000, "stopped after " + millis + " ms");
            assertTrue(e.getSuppressed().length == 1 && e.getSuppressed()[0].getMessage().contains("KeyboardInterrupt"));
            // The same interpreter serves the next call: it stopped, so it was not replaced.
            assertEquals("kept", pool.getValue("marker", String.class));
            PoolStats stats = pool.stats();
            assertEquals(1, stats.created());
            assertEquals(0, stats.replaced());
            assertEquals(1, stats.timedOut());
        }
    }

    @Test
    void codeBlockedInCIsGivenUpOnPromptlyAndItsInterpreterReplaced() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.sub(null)).min(1).max(1)
                .interruptGrace(Duration.ofMillis(100)).warmUp("import time").build()) {
            pool.exec("marker = 'first'");
            long start = System.nanoTime();
            CallTimeoutException e = assertThrows(CallTimeoutException.class,
                    () -> pool.exec("time.sleep(60)", Duration.ofMillis(200)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(e.getMessage().contains("retired"), e.getMessage());
            assertTrue(millis >= 290 && millis < 2000, "gave up after " + millis + " ms");
            // A fresh interpreter serves the next call.
            assertEquals(false, pool.getValue("'marker' in globals()", Boolean.class));
            PoolStats stats = pool.stats();
            assertEquals(2, stats.created(), stats.toString());
            assertEquals(1, stats.replaced(), stats.toString());
            assertEquals(1, stats.timedOut(), stats.toString());
        }
    }

    @Test
    void aPoolWideDefaultDeadlineApplies() {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(0).max(1)
                .callTimeout(Duration.ofMillis(200)).build()) {
            assertThrows(CallTimeoutException.class, () -> pool.exec("while True:\n    pass"));
            assertEquals(1, ((Number) pool.eval("1")).intValue());
        }
    }

    @Test
    void anInterpreterFailingItsHealthCheckIsReplaced() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(1)
                .warmUp("healthy = True")
                .healthCheck("healthy", Duration.ofMillis(50), Duration.ofMillis(500)).build()) {
            pool.exec("healthy = False\nmarker = 1");
            TestSupport.eventually("the unhealthy interpreter is replaced", () -> pool.stats().replaced() >= 1);
            assertEquals(false, pool.getValue("'marker' in globals()", Boolean.class));
            PoolStats stats = pool.stats();
            assertTrue(stats.healthFailures() >= 1, stats.toString());
            assertTrue(stats.created() >= 2, stats.toString());
        }
    }

    @Test
    void aHealthCheckThatHangsIsStoppedAndReplaced() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(1)
                .warmUp("import time\nhang = False\ndef ok():\n    while hang:\n        pass\n    return True")
                .healthCheck("ok()", Duration.ofMillis(50), Duration.ofMillis(100)).build()) {
            pool.exec("hang = True");
            TestSupport.eventually("the hanging interpreter is replaced", () -> pool.stats().replaced() >= 1);
            assertEquals(false, pool.getValue("hang", Boolean.class));
        }
    }

    @Test
    void theIdleTimeoutShrinksThePoolToMin() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(3)
                .idleTimeout(Duration.ofMillis(200)).build()) {
            CountDownLatch all = new CountDownLatch(3);
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(pool.callAsync(interp -> {
                    all.countDown();
                    try {
                        return all.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<Object> call : calls) {
                assertEquals(true, call.get(30, TimeUnit.SECONDS));
            }
            assertEquals(3, pool.stats().created());
            assertEquals(3, pool.stats().idle());
            TestSupport.eventually("the pool shrinks to min", () -> pool.stats().idle() == 1);
            assertEquals(2, pool.stats().shrunk());
            Thread.sleep(300);
            assertEquals(1, pool.stats().idle(), "never below min");
            assertEquals(3, ((Number) pool.eval("3")).intValue());
        }
    }

    @Test
    void waitingForAFreeInterpreterHonoursTheAcquireDeadline() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(1)
                .acquireTimeout(Duration.ofMillis(200)).build()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> holder = pool.callAsync(interp -> {
                running.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(running.await(30, TimeUnit.SECONDS));
            long start = System.nanoTime();
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> pool.eval("1"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 190 && millis < 2000, "waited " + millis + " ms");
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
            release.countDown();
            assertEquals(true, holder.get(30, TimeUnit.SECONDS));
            PoolStats stats = pool.stats();
            assertTrue(stats.waits() >= 1 && stats.maxWaitNanos() >= TimeUnit.MILLISECONDS.toNanos(190), stats.toString());
        }
    }

    @Test
    void closeLetsRunningCallsFinishThenInterruptsTheRest() throws Exception {
        InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(2).max(2)
                .closeGrace(Duration.ofMillis(300)).warmUp("import time").build();
        CountDownLatch started = new CountDownLatch(2);
        Runnable go = started::countDown;
        CompletableFuture<Object> shortCall = pool.callAsync(interp -> {
            interp.set("go", go);
            interp.exec("go()\ntime.sleep(0.1)");
            return "finished";
        });
        CompletableFuture<Object> endless = pool.callAsync(interp -> {
            interp.set("go", go);
            interp.exec("go()\nwhile True:\n    pass");
            return "never";
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        long start = System.nanoTime();
        pool.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("finished", shortCall.get(30, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> endless.get(30, TimeUnit.SECONDS));
        InterruptedCallException interrupted = assertInstanceOf(InterruptedCallException.class, e.getCause());
        assertTrue(interrupted.getCause().getMessage().contains("KeyboardInterrupt"), interrupted.getMessage());
        assertTrue(millis >= 290 && millis < 5000, "close took " + millis + " ms");
        assertTrue(pool.stats().interrupted() >= 1);
        assertThrows(UsageException.class, () -> pool.eval("1"));
        pool.close();
    }

    @Test
    void thirtyTwoThreadsHammeringAPoolOfFourLoseAndDuplicateNothing() throws Exception {
        int threads = 32;
        int perThread = 100;
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(4).max(4)
                .warmUp("def echo(x):\n    return x").build()) {
            ExecutorService callers = Executors.newFixedThreadPool(threads);
            try {
                Set<String> workers = ConcurrentHashMap.newKeySet();
                List<Future<List<Integer>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int base = t * perThread;
                    results.add(callers.submit(() -> {
                        List<Integer> seen = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            int value = base + i;
                            seen.add(((Number) pool.call(interp -> {
                                workers.add(Thread.currentThread().getName());
                                return interp.invoke("echo", value);
                            })).intValue());
                        }
                        return seen;
                    }));
                }
                Set<Integer> all = new HashSet<>();
                int count = 0;
                for (int t = 0; t < threads; t++) {
                    List<Integer> seen = results.get(t).get(120, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        assertEquals(t * perThread + i, seen.get(i));
                    }
                    all.addAll(seen);
                    count += seen.size();
                }
                assertEquals(threads * perThread, count);
                assertEquals(threads * perThread, all.size());
                assertTrue(workers.size() <= 4, "at most max interpreters: " + workers);
                PoolStats stats = pool.stats();
                assertEquals(4, stats.created(), stats.toString());
                assertEquals(0, stats.busy());
                assertEquals(4, stats.idle());
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void eachKindServesCalls() {
        for (InterpreterKind kind : new InterpreterKind[] {InterpreterKind.shared(), InterpreterKind.sub(null),
            InterpreterKind.isolated(null)}) {
            try (InterpreterPool pool = InterpreterPool.builder(kind).min(1).max(2).build()) {
                assertEquals(6, ((Number) pool.eval("2 * 3")).intValue(), kind.name());
            }
        }
    }

    @Test
    void anIsolatedPoolsInterpreterIsInterruptedByItsDeadline() {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.isolated(null)).min(1).max(1).build()) {
            long start = System.nanoTime();
            assertThrows(CallTimeoutException.class, () -> pool.exec("while True:\n    pass", Duration.ofMillis(200)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2000, "stopped after " + millis + " ms");
            assertEquals(0, pool.stats().replaced(), "stopped in time, so not replaced");
            assertEquals(1, ((Number) pool.eval("1")).intValue());
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(UsageException.class, () -> InterpreterPool.builder(InterpreterKind.shared()).min(3).max(2).build());
        assertThrows(UsageException.class, () -> InterpreterPool.builder(InterpreterKind.shared()).max(0).build());
        assertThrows(UsageException.class,
                () -> InterpreterPool.builder(InterpreterKind.shared()).idleTimeout(Duration.ZERO));
    }
}
