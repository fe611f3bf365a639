package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.assertJepException;
import static krait.test.TestSupport.messageOf;
import static krait.test.TestSupport.onNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.python.PyCallable;
import jep.python.PyObject;
import krait.fixtures.Counter;
import krait.fixtures.Functional;
import krait.fixtures.Greeter;
import krait.fixtures.IntCombiner;

/**
 * Java interfaces implemented by Python objects (issue 4, item 3): PyObject.proxy from Java,
 * Python callables where Java wants a functional interface (as getValue targets, through
 * PyObject.as, and as arguments of Java methods called from Python), Java's default methods
 * when Python lacks them, foreign threads, closed interpreters, and identity when a proxy goes
 * back to Python. jep.jproxy from Python is covered by tests/python/test_proxies.py.
 */
class ProxyTest {

    private static final String FIXTURE = String.join("\n",
            "class Polite:",
            "    def __init__(self):",
            "        self.calls = []",
            "    def greet(self, name):",
            "        self.calls.append(name)",
            "        return 'hello ' + name",
            "    def __str__(self):",
            "        return 'Polite with %d calls' % len(self.calls)",
            "class Quiet(Polite):",
            "    def punctuation(self):",
            "        return '?'",
            "class Tally:",
            "    def __init__(self):",
            "        self.n = 0",
            "    def count(self):",
            "        return self.n",
            "    def add(self, k):",
            "        self.n += k",
            "        return self.n",
            "class Both(Polite, Tally):",
            "    def __init__(self):",
            "        Polite.__init__(self)",
            "        Tally.__init__(self)",
            "class Broken:",
            "    def greet(self, name):",
            "        raise KeyError(name)",
            "    def count(self):",
            "        return 'not a number'",
            "    def add(self, k):",
            "        return None",
            "polite = Polite()",
            "quiet = Quiet()",
            "");

    private static Interpreter open() {
        Interpreter interp = new SharedInterpreter();
        interp.exec(FIXTURE);
        return interp;
    }

    // ------------------------------------------------------------------ PyObject.proxy

    @Test
    void proxyCallsTheObjectsAttributes() {
        try (Interpreter interp = open()) {
            PyObject polite = interp.getValue("polite", PyObject.class);
            Greeter g = polite.proxy(Greeter.class);
            assertTrue(Proxy.isProxyClass(g.getClass()));
            assertEquals("hello bob", g.greet("bob"));
            assertEquals("hello ünïcødé 🐍", g.greet("ünïcødé 🐍"));
            assertEquals(List.of("bob", "ünïcødé 🐍"), interp.getValue("polite.calls"));
            // Java code that only knows the interface.
            assertEquals("HELLO ANN!", Functional.shout(g, "ann"));
        }
    }

    @Test
    void defaultMethodsTheObjectLacksRunJavasDefault() {
        try (Interpreter interp = open()) {
            Greeter polite = interp.getValue("polite", PyObject.class).proxy(Greeter.class);
            assertEquals("!", polite.punctuation());
            assertEquals("HELLO BOB!", polite.shout("bob"));
            assertEquals("hello a, hello b", polite.greetAll(List.of("a", "b")));
            // The default method called greet() through the proxy, i.e. Python.
            assertEquals(List.of("bob", "a", "b"), interp.getValue("polite.calls"));

            // A Python method with the name of a default method overrides it.
            Greeter quiet = interp.getValue("quiet", PyObject.class).proxy(Greeter.class);
            assertEquals("?", quiet.punctuation());
            assertEquals("HELLO BOB?", quiet.shout("bob"));
        }
    }

    @Test
    void proxyWithSeveralInterfacesAndPrimitiveTypes() {
        try (Interpreter interp = open()) {
            interp.exec("both = Both()");
            PyObject both = interp.getValue("both", PyObject.class);
            Greeter g = both.proxy(Greeter.class, Counter.class);
            assertInstanceOf(Counter.class, g);
            Counter c = (Counter) g;
            assertEquals(0, c.count());
            assertEquals(5L, c.add(5));
            assertEquals(7L, c.add(2));
            assertEquals(7, c.count());
            assertEquals(14, c.countTwice());
            assertEquals("hello x", g.greet("x"));
            assertEquals(7L, interp.getValue("both.n"));
        }
    }

    @Test
    void aProxyHoldsItsOwnReference() {
        try (Interpreter interp = open()) {
            interp.exec("import sys\nlonely = Polite()");
            long start = (Long) interp.getValue("sys.getrefcount(lonely)");
            PyObject lonely = interp.getValue("lonely", PyObject.class);
            Greeter g = lonely.proxy(Greeter.class);
            lonely.close();
            interp.exec("del lonely");
            // Neither the closed PyObject nor the Python name keep it: the proxy does.
            assertEquals("hello still", g.greet("still"));
            interp.set("back", g);
            assertEquals(List.of("still"), interp.getValue("back.calls"));
            interp.exec("del back");
            assertTrue(start > 1);
        }
    }

    @Test
    void collectedProxiesReleaseThePythonObject() {
        try (Interpreter interp = open()) {
            interp.exec("import sys\ntarget = Polite()\nfn = lambda: None");
            long start = (Long) interp.getValue("sys.getrefcount(target)");
            long fnStart = (Long) interp.getValue("sys.getrefcount(fn)");
            PyObject target = interp.getValue("target", PyObject.class);
            for (int i = 0; i < 20_000; i++) {
                target.proxy(Greeter.class).greet("x");
                interp.getValue("fn", Runnable.class).run();
            }
            target.close();
            interp.exec("target.calls.clear()");
            long end = start + 1;
            long fnEnd = fnStart + 1;
            long deadline = System.currentTimeMillis() + 15_000;
            while ((end != start || fnEnd != fnStart) && System.currentTimeMillis() < deadline) {
                System.gc();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                end = (Long) interp.getValue("sys.getrefcount(target)");
                fnEnd = (Long) interp.getValue("sys.getrefcount(fn)");
            }
            assertEquals(start, end, "collected PyObject.proxy proxies release their object");
            assertEquals(fnStart, fnEnd, "collected functional-interface proxies release their callable");
        }
    }

    @Test
    void objectMethodsOfAProxy() {
        try (Interpreter interp = open()) {
            PyObject polite = interp.getValue("polite", PyObject.class);
            Greeter g1 = polite.proxy(Greeter.class);
            Greeter g2 = polite.proxy(Greeter.class);
            g1.greet("a");
            assertEquals("Polite with 1 calls", g1.toString());
            assertEquals(g1, g1);
            assertEquals(g1.hashCode(), g1.hashCode());
            assertNotEquals(g1, null);
            assertNotNull(g2.toString());
        }
    }

    @Test
    void exceptionsAndBadResultsFromPythonBecomeJepExceptions() {
        try (Interpreter interp = open()) {
            interp.exec("broken = Broken()");
            PyObject broken = interp.getValue("broken", PyObject.class);
            Greeter g = broken.proxy(Greeter.class, Counter.class);
            JepException e = assertJepException(interp, () -> g.greet("who"));
            assertTrue(messageOf(e).startsWith("<class 'KeyError'>"), e.getMessage());
            assertContainsAll(e.getMessage(), "who");
            // count() must return an int; Python returned a str.
            JepException bad = assertJepException(interp, () -> ((Counter) g).count());
            assertContainsAll(messageOf(bad), "str");
            // add() returns a primitive long; Python returned None.
            assertThrows(RuntimeException.class, () -> ((Counter) g).add(1));
            // A method the object does not have at all (and that has no default).
            PyObject polite = interp.getValue("polite", PyObject.class);
            Counter notACounter = polite.proxy(Counter.class);
            JepException missing = assertJepException(interp, notACounter::count);
            assertTrue(messageOf(missing).startsWith("<class 'AttributeError'>"), missing.getMessage());
        }
    }

    @Test
    void proxyNeedsInterfaces() {
        try (Interpreter interp = open()) {
            PyObject polite = interp.getValue("polite", PyObject.class);
            assertJepException(interp, () -> polite.proxy(String.class));
            assertJepException(interp, () -> polite.proxy(Greeter.class, ArrayList.class));
            // The object is unharmed.
            assertEquals("hello z", polite.proxy(Greeter.class).greet("z"));
        }
    }

    @Test
    void aProxyPassedBackToPythonIsTheSameObject() {
        try (Interpreter interp = open()) {
            PyObject polite = interp.getValue("polite", PyObject.class);
            Greeter g = polite.proxy(Greeter.class);
            interp.set("back", g);
            assertEquals(Boolean.TRUE, interp.getValue("back is polite"));
            interp.exec("def is_polite(x):\n    return x is polite");
            assertEquals(Boolean.TRUE, interp.invoke("is_polite", g));
            interp.set("jlist", new ArrayList<>(List.of(g)));
            assertEquals(Boolean.TRUE, interp.getValue("jlist[0] is polite"));
            // Through a Java method that returns it.
            interp.set("g", g);
            interp.exec("from krait.fixtures import Functional");
            assertEquals(Boolean.TRUE, interp.getValue("Functional.same(g) is polite"));
        }
    }

    @Test
    void aProxyUsedOnAnotherThreadThrowsInvalidThreadAccess() {
        try (Interpreter interp = open()) {
            Greeter g = interp.getValue("polite", PyObject.class).proxy(Greeter.class);
            Throwable t = TestSupport.thrownOnNewThread(() -> g.greet("x"));
            assertInstanceOf(JepException.class, t);
            assertContainsAll(messageOf(t), "Invalid thread access");
            // Default methods that call Python fail the same way.
            Throwable t2 = TestSupport.thrownOnNewThread(() -> g.shout("x"));
            assertInstanceOf(JepException.class, t2);
            assertContainsAll(messageOf(t2), "Invalid thread access");
            // Also from a thread that has its own (sub-)interpreter open.
            Throwable t3 = TestSupport.thrownOnNewThread(() -> {
                try (Interpreter other = new SubInterpreter()) {
                    g.greet("x");
                }
            });
            assertInstanceOf(JepException.class, t3);
            assertContainsAll(messageOf(t3), "Invalid thread access");
            // Still fine on the owning thread, and Python never saw the calls.
            assertEquals("hello y", g.greet("y"));
            assertEquals(List.of("y"), interp.getValue("polite.calls"));
        }
    }

    @Test
    void aProxyUsedOnAnotherThreadWithItsOwnSharedInterpreterThrowsInvalidThreadAccess() {
        // Shared interpreters share one CPython interpreter, but each is bound to its thread;
        // a proxy belongs to the interpreter (and so the thread) that made it, as in Jep.
        try (Interpreter interp = open()) {
            Greeter g = interp.getValue("polite", PyObject.class).proxy(Greeter.class);
            Runnable r = interp.getValue("lambda: polite.calls.append('runnable')", Runnable.class);
            Throwable t = TestSupport.thrownOnNewThread(() -> {
                try (Interpreter other = new SharedInterpreter()) {
                    g.greet("from another thread");
                }
            });
            assertInstanceOf(JepException.class, t, () -> "expected a JepException, got " + t);
            assertContainsAll(messageOf(t), "Invalid thread access");
            Throwable t2 = TestSupport.thrownOnNewThread(() -> {
                try (Interpreter other = new SharedInterpreter()) {
                    r.run();
                }
            });
            assertInstanceOf(JepException.class, t2, () -> "expected a JepException, got " + t2);
            assertContainsAll(messageOf(t2), "Invalid thread access");
            assertEquals(List.of(), interp.getValue("polite.calls"));
        }
    }

    @Test
    void aProxyOfASubInterpreterObjectAfterItClosed() {
        String outcome = onNewThread(() -> {
            Greeter g;
            Runnable r;
            try (Interpreter interp = new SubInterpreter()) {
                interp.exec(FIXTURE);
                g = interp.getValue("polite", PyObject.class).proxy(Greeter.class);
                r = interp.getValue("lambda: None", Runnable.class);
                assertEquals("hello a", g.greet("a"));
                r.run();
            }
            JepException e1 = assertThrows(JepException.class, () -> g.greet("b"));
            JepException e2 = assertThrows(JepException.class, r::run);
            // A new interpreter on this thread does not revive them.
            try (Interpreter next = new SubInterpreter()) {
                next.exec(FIXTURE);
                JepException e3 = assertThrows(JepException.class, () -> g.greet("c"));
                assertEquals(42L, next.getValue("6 * 7"));
                return messageOf(e1) + " | " + messageOf(e2) + " | " + messageOf(e3);
            }
        });
        System.out.println("proxy after close: " + outcome);
        assertNotNull(outcome);
    }

    @Test
    void jproxyFromPythonInASubInterpreterIsUsableByJava() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec(FIXTURE);
            interp.exec(String.join("\n",
                    "import jep",
                    "from java.util import ArrayList, Collections",
                    "class ByLength:",
                    "    def compare(self, a, b):",
                    "        return len(a) - len(b)",
                    "    def run(self):",
                    "        self.ran = True",
                    "by_length = ByLength()",
                    "cmp = jep.jproxy(by_length, ['java.util.Comparator', 'java.lang.Runnable'])",
                    "greeter = jep.jproxy(quiet, ['krait.fixtures.Greeter'])",
                    ""));
            // The proxies as Java objects, seen from Java.
            Object cmp = interp.getValue("cmp");
            assertInstanceOf(Comparator.class, cmp);
            assertInstanceOf(Runnable.class, cmp);
            @SuppressWarnings("unchecked")
            Comparator<String> comparator = (Comparator<String>) cmp;
            List<String> words = new ArrayList<>(List.of("ccc", "a", "bb"));
            Collections.sort(words, comparator);
            assertEquals(List.of("a", "bb", "ccc"), words);
            ((Runnable) cmp).run();
            assertEquals(Boolean.TRUE, interp.getValue("by_length.ran"));
            Greeter greeter = interp.getValue("greeter", Greeter.class);
            assertEquals("HELLO SUB?", greeter.shout("sub"));
            // Handing it back gives the Python object.
            interp.set("back", cmp);
            assertEquals(Boolean.TRUE, interp.getValue("back is by_length"));
            String outcome = TestSupport.onNewThread(() -> {
                try {
                    ((Runnable) cmp).run();
                    return "ran";
                } catch (JepException e) {
                    return e.getMessage();
                }
            });
            assertContainsAll(outcome, "Invalid thread access");
        }
    }

    // ------------------------------------------------------------------ callables as functional interfaces

    @Test
    @SuppressWarnings("unchecked")
    void pythonCallablesBecomeStandardFunctionalInterfaces() {
        try (Interpreter interp = open()) {
            Function<Object, Object> f = interp.getValue("lambda x: x * 2", Function.class);
            assertEquals(42L, f.apply(21));
            assertEquals("abab", f.apply("ab"));
            assertEquals(43L, f.andThen(x -> ((Long) x) + 1).apply(21), "Function.andThen is Java's default");

            Predicate<Object> p = interp.getValue("lambda x: x > 2", Predicate.class);
            assertTrue(p.test(3));
            assertFalse(p.test(1));
            assertTrue(p.negate().test(1), "Predicate.negate is Java's default");

            interp.exec("ran = []");
            Runnable r = interp.getValue("lambda: ran.append(1)", Runnable.class);
            r.run();
            r.run();
            assertEquals(2L, interp.getValue("len(ran)"));

            Supplier<Object> s = interp.getValue("lambda: 'supplied'", Supplier.class);
            assertEquals("supplied", s.get());

            Comparator<Object> byLength = interp.getValue("lambda a, b: len(a) - len(b)", Comparator.class);
            List<String> words = new ArrayList<>(List.of("ccc", "a", "bb"));
            Collections.sort(words, (Comparator<? super String>) (Comparator<?>) byLength);
            assertEquals(List.of("a", "bb", "ccc"), words);
            words.sort((Comparator<? super String>) (Comparator<?>) byLength.reversed());
            assertEquals(List.of("ccc", "bb", "a"), words);

            IntCombiner mul = interp.getValue("lambda a, b: a * b", IntCombiner.class);
            assertEquals(42, mul.combine(6, 7));
            assertEquals(120, mul.fold(1, 2, 3, 4, 5), "the fixture's own default method runs in Java");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPyCallableAsAFunctionalInterface() {
        try (Interpreter interp = open()) {
            PyCallable upper = interp.getValue("str.upper", PyCallable.class);
            Function<Object, Object> f = upper.as(Function.class);
            assertEquals("ABC", f.apply("abc"));
            interp.exec("def plus(a, b):\n    return a + b");
            IntCombiner plus = interp.getValue("plus", PyCallable.class).as(IntCombiner.class);
            assertEquals(10, plus.fold(0, 1, 2, 3, 4));
            assertEquals(3, Functional.combine(plus, 1, 2));
            // A bound method and a callable object work too.
            interp.exec("class Acc:\n    def __init__(self):\n        self.total = 0\n"
                    + "    def __call__(self, x):\n        self.total += x\n        return self.total\n"
                    + "acc = Acc()");
            Function<Object, Object> acc = interp.getValue("acc", Function.class);
            acc.apply(5);
            assertEquals(8L, acc.apply(3));
            Supplier<Object> count = interp.getValue("[1, 2, 3].__len__", Supplier.class);
            assertEquals(3L, count.get());
            // A non-callable cannot become a functional interface.
            JepException e = assertJepException(interp, () -> interp.getValue("42", Runnable.class));
            assertContainsAll(messageOf(e), "int", "Runnable");
        }
    }

    @Test
    void pythonCallablesAsArgumentsOfJavaMethods() {
        try (Interpreter interp = open()) {
            interp.exec(String.join("\n",
                    "from krait.fixtures import Functional",
                    "doubled = Functional.apply(lambda x: x * 2, 21)",
                    "chained = Functional.andThen(lambda x: x + 1, lambda x: x * 10, 4)",
                    "kept = list(Functional.filter(lambda x: x % 2 == 0, [1, 2, 3, 4, 5, 6]))",
                    "rejected = list(Functional.reject(lambda x: x % 2 == 0, [1, 2, 3, 4, 5, 6]))",
                    "runs = []",
                    "ran = Functional.run(lambda: runs.append(len(runs)), 3)",
                    "ordered = list(Functional.sorted(['pear', 'fig', 'banana'], lambda a, b: len(a) - len(b)))",
                    "backwards = list(Functional.sortedReversed(['pear', 'fig', 'banana'], lambda a, b: len(a) - len(b)))",
                    "supplied = Functional.supply(lambda: {'k': 'v'})",
                    "combined = Functional.combine(lambda a, b: a - b, 10, 3)",
                    "folded = Functional.fold(lambda a, b: a * 10 + b, 0, [1, 2, 3])",
                    "def shout_like(name):",
                    "    return 'hey ' + name",
                    ""));
            assertEquals(42L, interp.getValue("doubled"));
            assertEquals(50L, interp.getValue("chained"));
            assertEquals(List.of(2L, 4L, 6L), interp.getValue("kept"));
            assertEquals(List.of(1L, 3L, 5L), interp.getValue("rejected"));
            assertEquals(3L, interp.getValue("ran"));
            assertEquals(List.of(0L, 1L, 2L), interp.getValue("runs"));
            assertEquals(List.of("fig", "pear", "banana"), interp.getValue("ordered"));
            assertEquals(List.of("banana", "pear", "fig"), interp.getValue("backwards"));
            assertEquals(java.util.Map.of("k", "v"), interp.getValue("supplied"));
            assertEquals(7L, interp.getValue("combined"));
            assertEquals(123L, interp.getValue("folded"));
        }
    }

    @Test
    void aCallableProxyComesBackToPythonAsTheSameObject() throws Exception {
        try (Interpreter interp = open()) {
            interp.exec("from krait.fixtures import Functional\n"
                    + "def f(x):\n    return x\n"
                    + "same = Functional.sameFunction(f)\n"
                    + "inner = Functional.apply(lambda g: g, Functional.sameFunction(f))\n");
            // sameFunction gets f as a Function proxy and returns that proxy: Python sees f again.
            assertEquals(Boolean.TRUE, interp.getValue("same is f"));
            assertEquals(Boolean.TRUE, interp.getValue("inner is f"));
            Runnable r = interp.getValue("f", Runnable.class);
            assertTrue(Functional.isProxyOf(r, "java.lang.Runnable"));
            interp.set("back", r);
            assertEquals(Boolean.TRUE, interp.getValue("back is f"));
        }
    }

    @Test
    void aCallableProxyCalledFromAForeignThreadThrowsInvalidThreadAccess() {
        try (Interpreter interp = open()) {
            interp.exec("ran = []");
            Runnable r = interp.getValue("lambda: ran.append(1)", Runnable.class);
            String outcome = Functional.runOnAnotherThread(r);
            assertTrue(outcome.startsWith("krait.WrongThreadException: "), outcome);
            assertContainsAll(outcome, "Invalid thread access");
            // From Python: a Java method that runs a Python callable on a new Java thread.
            interp.exec("from krait.fixtures import Functional\n"
                    + "outcome = Functional.runOnAnotherThread(lambda: ran.append(2))\n"
                    + "greet_outcome = Functional.greetOnAnotherThread(lambda name: 'hi ' + name, 'x')\n");
            String fromPython = (String) interp.getValue("outcome");
            assertTrue(fromPython.startsWith("krait.WrongThreadException: "), fromPython);
            assertContainsAll(fromPython, "Invalid thread access");
            assertContainsAll((String) interp.getValue("greet_outcome"), "krait.WrongThreadException", "Invalid thread access");
            assertEquals(0L, interp.getValue("len(ran)"), "nothing ran on the foreign threads");
            r.run();
            assertEquals(1L, interp.getValue("len(ran)"));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void callableProxiesInASubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            Function<Object, Object> f = interp.getValue("lambda x: [x, x]", Function.class);
            assertEquals(List.of("a", "a"), f.apply("a"));
            interp.exec("from krait.fixtures import Functional\n"
                    + "r = Functional.sorted(['b', 'c', 'a'], lambda a, b: (a > b) - (a < b))");
            assertEquals(List.of("a", "b", "c"), interp.getValue("list(r)"));
        }
    }
}
