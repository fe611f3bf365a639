package krait.test;

import static krait.test.TestSupport.assertStillUsable;
import static krait.test.TestSupport.await;
import static krait.test.TestSupport.onNewThread;
import static krait.test.TestSupport.thrownOnNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.Jep;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Thread rules: an interpreter used from another thread throws JepException "Invalid thread
 * access" (exec, eval, getValue, set, invoke, runScript, close) and stays usable on its own thread;
 * one open interpreter per thread (a second Shared or Sub open throws, and after close a new one
 * opens); SharedInterpreters and SubInterpreters on several threads run Python concurrently with
 * correct, separate results.
 */
class ThreadRulesTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 3;

    private static void checkForeignThreadAccess(Interpreter interp) {
        interp.exec("def f():\n    return 1\nx = 1");
        Map<String, TestSupport.ThrowingRunnable> calls = new LinkedHashMap<>();
        calls.put("exec", () -> interp.exec("x = 2"));
        calls.put("eval", () -> interp.eval("x = 3"));
        calls.put("getValue", () -> interp.getValue("x"));
        calls.put("getValue(Class)", () -> interp.getValue("x", Integer.class));
        calls.put("set", () -> interp.set("x", 4));
        calls.put("invoke", () -> interp.invoke("f"));
        calls.put("invoke(kwargs)", () -> interp.invoke("f", new LinkedHashMap<>()));
        calls.put("invoke(args, kwargs)", () -> interp.invoke("f", new Object[0], new LinkedHashMap<>()));
        calls.put("runScript", () -> interp.runScript("/nonexistent/krait_script.py"));
        if (interp instanceof Jep) {
            calls.put("isValidThread", ((Jep) interp)::isValidThread);
        }
        calls.put("close", interp::close);
        for (Map.Entry<String, TestSupport.ThrowingRunnable> call : calls.entrySet()) {
            Throwable t = thrownOnNewThread(call.getValue());
            assertInstanceOf(JepException.class, t, call.getKey() + " from another thread");
            assertTrue(String.valueOf(t.getMessage()).contains("Invalid thread access"),
                    () -> call.getKey() + ": message was " + t.getMessage());
        }
        // nothing happened to it, and it still works on its own thread
        assertEquals(1L, interp.getValue("x"));
        if (interp instanceof Jep) {
            ((Jep) interp).isValidThread();
        }
        assertStillUsable(interp);
    }

    @Test
    void sharedInterpreterFromAnotherThread() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkForeignThreadAccess(interp);
        }
    }

    @Test
    void subInterpreterFromAnotherThread() {
        try (Interpreter interp = new SubInterpreter()) {
            checkForeignThreadAccess(interp);
        }
    }

    /** Opens an interpreter that must fail; closes it if it unexpectedly opened. */
    private static void assertSecondOpenFails(Supplier<Interpreter> open, String what) {
        Interpreter second;
        try {
            second = open.get();
        } catch (JepException e) {
            TestSupport.messageOf(e);
            return;
        }
        second.close();
        fail(what + " opened while another interpreter was open on this thread");
    }

    @Test
    void oneOpenInterpreterPerThread() {
        try (Interpreter first = new SharedInterpreter()) {
            first.exec("x = 'first'");
            assertSecondOpenFails(SharedInterpreter::new, "a second SharedInterpreter");
            assertSecondOpenFails(SubInterpreter::new, "a SubInterpreter");
            assertEquals("first", first.getValue("x"), "the open one is unaffected");
        }
        try (Interpreter sub = new SubInterpreter()) {
            assertSecondOpenFails(SharedInterpreter::new, "a SharedInterpreter");
            assertSecondOpenFails(SubInterpreter::new, "a second SubInterpreter");
            assertStillUsable(sub);
        }
        try (Interpreter again = new SharedInterpreter()) {
            assertStillUsable(again);
        }
    }

    @Test
    void anotherThreadCanOpenWhileThisOneHasAnInterpreter() {
        try (Interpreter mine = new SharedInterpreter()) {
            mine.set("who", "main");
            Object other = onNewThread(() -> {
                try (Interpreter theirs = new SharedInterpreter()) {
                    theirs.set("who", "other");
                    return theirs.getValue("who");
                }
            });
            assertEquals("other", other);
            assertEquals("main", mine.getValue("who"));
        }
    }

    @Test
    void openCloseManyTimes() {
        for (int i = 0; i < 50; i++) {
            try (Interpreter interp = (i % 2 == 0) ? new SharedInterpreter() : new SubInterpreter()) {
                interp.set("i", i);
                assertEquals((long) i * i, interp.getValue("i * i"));
            }
        }
    }

    private static long sumOfSquares(long n) {
        return (n - 1) * n * (2 * n - 1) / 6;
    }

    /** Runs THREADS workers for ROUNDS rounds; each opens an interpreter and computes in Python. */
    private static void runConcurrently(Supplier<Interpreter> open, boolean checkModuleIsolation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(THREADS);
                CyclicBarrier written = new CyclicBarrier(THREADS);
                List<Future<Long>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    final int id = t;
                    final long n = 50_000 + 1000L * t + round;
                    results.add(pool.submit(() -> {
                        try (Interpreter interp = open.get()) {
                            interp.set("me", id);
                            interp.exec("import json");
                            start.await(30, TimeUnit.SECONDS);
                            interp.exec("total = 0\nfor i in range(" + n + "):\n    total += i * i");
                            if (checkModuleIsolation) {
                                interp.exec("json.krait_worker = me");
                            }
                            written.await(30, TimeUnit.SECONDS);
                            assertEquals((long) id, interp.getValue("me"), "globals are per interpreter");
                            if (checkModuleIsolation) {
                                assertEquals((long) id, interp.getValue("json.krait_worker"),
                                        "each SubInterpreter has its own json module");
                            }
                            return (Long) interp.getValue("total");
                        }
                    }));
                }
                for (int t = 0; t < THREADS; t++) {
                    long n = 50_000 + 1000L * t + round;
                    assertEquals(sumOfSquares(n), await(results.get(t), 60), "round " + round + " thread " + t);
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void sharedInterpretersOnManyThreads() throws Exception {
        runConcurrently(SharedInterpreter::new, false);
    }

    @Test
    void subInterpretersOnManyThreads() throws Exception {
        runConcurrently(SubInterpreter::new, true);
    }

    @Test
    void mixedInterpretersOnManyThreads() throws Exception {
        int[] counter = {0};
        runConcurrently(() -> {
            synchronized (counter) {
                return (counter[0]++ % 2 == 0) ? new SharedInterpreter() : new SubInterpreter();
            }
        }, false);
    }

    /** Java code called from Python (which runs without the GIL) cannot close that interpreter. */
    @Test
    void anInterpreterCannotBeClosedFromItsOwnRunningPython() {
        String outcome = onNewThread(() -> {
            try (SubInterpreter interp = new SubInterpreter()) {
                interp.set("me", interp);
                interp.exec("try:\n    me.close()\n    outcome = 'closed'\nexcept Exception as e:\n"
                        + "    outcome = str(e)");
                assertEquals(2L, interp.getValue("1 + 1"));
                return (String) interp.getValue("outcome");
            }
        });
        assertTrue(outcome.contains("cannot be closed while Python code of it is running"), outcome);
    }
}
