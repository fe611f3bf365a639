package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.messageOf;
import static krait.test.TestSupport.onNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.python.PyCallable;
import jep.python.PyObject;

/**
 * How long a PyObject keeps its Python object alive (issue 4, item 2): until close(), until its
 * interpreter closes, or until Java collects it, after which entering the interpreter releases
 * the reference. Also: a PyObject of a closed interpreter or used from another thread throws a
 * JepException instead of crashing.
 */
class PyObjectLifetimeTest {

    private static final int MILLION = 1_000_000;

    /**
     * Calls {@code System.gc()}, waits a little and reads {@code probe} (which enters the
     * interpreter and so releases what Java let go) until it returns {@code expected} or the
     * deadline passes; returns the last value read.
     */
    private static long awaitValue(LongSupplier probe, long expected, long deadlineMillis) {
        long end = System.currentTimeMillis() + deadlineMillis;
        long value = probe.getAsLong();
        while (value != expected && System.currentTimeMillis() < end) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = probe.getAsLong();
        }
        return value;
    }

    private static long refcount(Interpreter interp, String name) {
        return ((Number) interp.getValue("sys.getrefcount(" + name + ")")).longValue();
    }

    // ------------------------------------------------------------------ released when Java collects

    @Test
    @Timeout(60)
    void aMillionUnclosedPyObjectsAreReleasedAfterJavaCollectsThem() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec("import sys\no = object()");
            long start = refcount(interp, "o");

            // While Java holds them, every PyObject holds a reference.
            List<PyObject> held = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                held.add(interp.getValue("o", PyObject.class));
            }
            assertEquals(start + 1000, refcount(interp, "o"));
            held = null;

            long t0 = System.nanoTime();
            for (int i = 0; i < MILLION; i++) {
                PyObject p = interp.getValue("o", PyObject.class);
                if (p == null) {
                    throw new AssertionError("null PyObject");
                }
            }
            long loopMillis = (System.nanoTime() - t0) / 1_000_000;
            long end = awaitValue(() -> refcount(interp, "o"), start, 15_000);
            assertEquals(start, end, "sys.getrefcount(o) should return to its start value once Java collected "
                    + "the PyObjects (loop took " + loopMillis + " ms)");
            System.out.println("1e6 getValue(PyObject) took " + loopMillis + " ms, released after "
                    + ((System.nanoTime() - t0) / 1_000_000 - loopMillis) + " ms more");
        }
    }

    @Test
    @Timeout(60)
    void unclosedPyCallablesOfASharedInterpreterAreReleasedToo() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("import sys\ndef krait_lifetime_f():\n    return 1");
            long start = refcount(interp, "krait_lifetime_f");
            PyCallable kept = interp.getValue("krait_lifetime_f", PyCallable.class);
            assertEquals(start + 1, refcount(interp, "krait_lifetime_f"));
            long t0 = System.nanoTime();
            for (int i = 0; i < 300_000; i++) {
                Object f = interp.getValue("krait_lifetime_f");
                if (!(f instanceof PyCallable)) {
                    throw new AssertionError("expected a PyCallable, got " + f);
                }
            }
            System.out.println("3e5 getValue(PyCallable) took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            long end = awaitValue(() -> refcount(interp, "krait_lifetime_f"), start + 1, 15_000);
            assertEquals(start + 1, end, "only the PyCallable still referenced from Java should hold a reference");
            assertEquals(1L, kept.call());
            kept.close();
            assertEquals(start, refcount(interp, "krait_lifetime_f"), "close() releases at once");
            interp.exec("del krait_lifetime_f");
        }
    }

    @Test
    @Timeout(60)
    void pythonObjectsLiveExactlyAsLongAsTheirPyObjects() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec(String.join("\n",
                    "import gc, weakref",
                    "class Tracked:",
                    "    pass",
                    "alive = weakref.WeakSet()",
                    "def make():",
                    "    t = Tracked()",
                    "    alive.add(t)",
                    "    return t",
                    ""));
            PyCallable make = interp.getValue("make", PyCallable.class);
            List<PyObject> held = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                held.add(make.callAs(PyObject.class));
            }
            interp.exec("gc.collect()");
            assertEquals(2000L, interp.getValue("len(alive)"), "Python objects held only by Java stay alive");

            // close() releases immediately, without any GC. (Index loop: an iterator left in a
            // local slot would keep the list reachable for the rest of the method.)
            for (int i = 0; i < 500; i++) {
                held.get(i).close();
            }
            assertEquals(1500L, interp.getValue("len(alive)"));

            // Still alive after Java GCs while the list is reachable.
            System.gc();
            assertEquals(1500L, awaitValue(() -> (Long) interp.getValue("len(alive)"), 1500, 300));
            assertEquals(1500L, interp.getValue("len(alive)"));

            held = null;
            long end = awaitValue(() -> (Long) interp.getValue("len(alive)"), 0, 15_000);
            assertEquals(0L, end, "collected PyObjects release their Python objects");
        }
    }

    @Test
    @Timeout(60)
    void aCollectedObjectsDelMayCallJavaWhichCallsBackIntoPython() {
        try (Interpreter interp = new SubInterpreter()) {
            // __del__ runs when the next entry releases what Java collected: it calls Java, which
            // calls back into the same interpreter on the same thread.
            interp.set("callback", (Runnable) () -> interp.exec("deleted.append(len(deleted))"));
            interp.exec(String.join("\n",
                    "deleted = []",
                    "class CallsBack:",
                    "    def __del__(self):",
                    "        callback.run()",
                    ""));
            for (int i = 0; i < 100; i++) {
                interp.getValue("CallsBack()", PyObject.class);
            }
            long count = awaitValue(() -> (Long) interp.getValue("len(deleted)"), 100, 15_000);
            assertEquals(100L, count, "every collected object's __del__ called back");
            assertEquals(Boolean.TRUE, interp.getValue("deleted == list(range(100))"));
            assertEquals(42L, interp.getValue("6 * 7"), "the interpreter is still usable");
        }
    }

    // ------------------------------------------------------------------ released when the interpreter closes

    @Test
    void closingTheInterpreterReleasesItsPyObjects() {
        // Shared interpreters share sys, so a second one can see what the first one released.
        PyObject kept;
        PyCallable keptCallable;
        try (Interpreter first = new SharedInterpreter()) {
            first.exec(String.join("\n",
                    "import sys, weakref",
                    "class KraitLifetimeProbe:",
                    "    def method(self):",
                    "        return 'still here'",
                    "probe = KraitLifetimeProbe()",
                    "sys._krait_lifetime_refs = [weakref.ref(probe), weakref.ref(probe.method.__func__)]",
                    ""));
            kept = first.getValue("probe", PyObject.class);
            keptCallable = first.getValue("probe.method", PyCallable.class);
            first.exec("del probe, KraitLifetimeProbe");
            first.exec("import gc\ngc.collect()");
            assertEquals(Boolean.TRUE, first.getValue("sys._krait_lifetime_refs[0]() is not None"),
                    "the PyObject keeps the object alive");
            assertEquals("still here", keptCallable.call());
        }
        try (Interpreter second = new SharedInterpreter()) {
            second.exec("import sys, gc\ngc.collect()");
            assertEquals(Boolean.TRUE, second.getValue("sys._krait_lifetime_refs[0]() is None"),
                    "closing the interpreter released the object although Java still references the PyObject");
            assertEquals(Boolean.TRUE, second.getValue("sys._krait_lifetime_refs[1]() is None"));
            second.exec("del sys._krait_lifetime_refs");
            // The PyObjects of the closed interpreter are dead, not re-bound to the new one.
            JepException e = assertThrows(JepException.class, () -> kept.getAttr("method"));
            assertContainsAll(messageOf(e).toLowerCase(), "closed");
            assertThrows(JepException.class, () -> keptCallable.call());
            assertEquals(42L, second.getValue("6 * 7"));
        }
        assertTrue(kept != null && keptCallable != null);
    }

    @Test
    void usingAPyObjectAfterItsInterpreterClosedThrows() {
        onNewThread(() -> {
            PyObject obj;
            PyCallable fn;
            PyObject list;
            try (Interpreter interp = new SubInterpreter()) {
                interp.exec("class C:\n    x = 1\nobj = C()\ndef fn():\n    return 2");
                obj = interp.getValue("obj", PyObject.class);
                fn = interp.getValue("fn", PyCallable.class);
                list = interp.getValue("[1, 2]", PyObject.class);
                // Unclosed, uncollected PyObjects whose releases are queued but not yet done.
                for (int i = 0; i < 20_000; i++) {
                    interp.getValue("obj", PyObject.class);
                }
                System.gc();
                Thread.sleep(100);
            }
            for (TestSupport.ThrowingRunnable use : List.<TestSupport.ThrowingRunnable>of(
                    () -> obj.getAttr("x"), () -> obj.setAttr("x", 2), () -> obj.delAttr("x"), () -> obj.as(Object.class),
                    obj::toString, obj::hashCode, () -> obj.equals(list), () -> obj.proxy(Runnable.class),
                    () -> fn.call(), () -> fn.callAs(Integer.class), () -> fn.call(Map.of()),
                    () -> list.as(List.class))) {
                JepException e = assertThrows(JepException.class, use::run);
                assertContainsAll(messageOf(e).toLowerCase(), "closed");
            }
            // close() after the interpreter closed is harmless.
            obj.close();
            fn.close();
            // A new interpreter on the same thread works, and the dead PyObjects stay dead.
            try (Interpreter next = new SubInterpreter()) {
                next.exec("class C:\n    x = 1\nobj = C()");
                assertThrows(JepException.class, () -> list.as(List.class));
                assertThrows(JepException.class, () -> next.set("y", list));
                assertEquals(1L, next.getValue("obj.x"));
            }
            return null;
        });
    }

    @Test
    @Timeout(60)
    void pyObjectsCollectedAfterTheirInterpreterClosedDoNotCrash() {
        onNewThread(() -> {
            List<PyObject> survivors = new ArrayList<>();
            try (Interpreter interp = new SubInterpreter()) {
                interp.exec("items = [object() for _ in range(100)]");
                for (int i = 0; i < 100; i++) {
                    survivors.add(interp.getValue("items[" + i + "]", PyObject.class));
                    survivors.add(interp.getValue("lambda: " + i, PyCallable.class));
                }
            }
            survivors.clear();
            try (Interpreter next = new SubInterpreter()) {
                next.exec("import sys\no = object()");
                for (int round = 0; round < 10; round++) {
                    System.gc();
                    Thread.sleep(20);
                    assertEquals(2L, next.getValue("sys.getrefcount(o)"));
                }
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ threads

    @Test
    void aPyObjectUsedFromAnotherThreadThrowsInvalidThreadAccess() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("import sys\nclass C:\n    x = 1\n    def __str__(self):\n        return 'C!'\n"
                    + "krait_c = C()\ndef krait_fn():\n    return 2");
            PyObject obj = interp.getValue("krait_c", PyObject.class);
            PyCallable fn = interp.getValue("krait_fn", PyCallable.class);
            PyCallable len = interp.getValue("len", PyCallable.class);
            long start = refcount(interp, "krait_c");
            for (TestSupport.ThrowingRunnable use : List.<TestSupport.ThrowingRunnable>of(
                    () -> obj.getAttr("x"), () -> obj.getAttr("x", Integer.class), () -> obj.setAttr("x", 2),
                    () -> obj.delAttr("x"), () -> obj.as(Object.class), obj::toString, obj::hashCode,
                    () -> fn.equals(len), () -> obj.proxy(Runnable.class), () -> fn.call(),
                    () -> fn.callAs(Integer.class), () -> fn.call(Map.of()), obj::close, fn::close)) {
                Throwable t = TestSupport.thrownOnNewThread(use);
                assertInstanceOf(JepException.class, t, () -> "expected a JepException, got " + t);
                assertContainsAll(messageOf(t), "Invalid thread access");
            }
            // Also from a thread with its own interpreter open.
            Throwable t = TestSupport.thrownOnNewThread(() -> {
                try (Interpreter other = new SubInterpreter()) {
                    obj.getAttr("x");
                }
            });
            assertInstanceOf(JepException.class, t);
            assertContainsAll(messageOf(t), "Invalid thread access");
            // Nothing happened to the objects: the foreign close() did not close them.
            assertEquals(1L, obj.getAttr("x"));
            assertEquals("C!", obj.toString());
            assertEquals(2L, fn.call());
            assertEquals(start, refcount(interp, "krait_c"));
            obj.close();
            assertEquals(start - 1, refcount(interp, "krait_c"));
            interp.exec("del krait_c, krait_fn");
        }
    }
}
