package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.assertJepException;
import static krait.test.TestSupport.messageOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;
import jep.python.PyBuiltins;
import jep.python.PyCallable;
import jep.python.PyObject;
import krait.fixtures.Functional;

/**
 * Python objects held from Java (issue 4, item 1): what getValue gives for callables and for
 * objects without a Java counterpart, PyObject's attribute access, conversion ({@code as}),
 * equals/hashCode/toString through Python, close(), PyCallable calls with args and kwargs,
 * every PyBuiltins method, and identity when a PyObject goes back to Python.
 */
class PyObjectTest {

    private static final String FIXTURE = String.join("\n",
            "import types",
            "class Thing:",
            "    kind = 'thing'",
            "    def __init__(self, n=1, label='x'):",
            "        self.n = n",
            "        self.label = label",
            "        self.items = [1, 2, 3]",
            "    def scaled(self, factor, offset=0):",
            "        return self.n * factor + offset",
            "    def __str__(self):",
            "        return 'Thing(%d, %s)' % (self.n, self.label)",
            "class Adder:",
            "    def __call__(self, a, b):",
            "        return a + b",
            "def add(a, b=10, *, c=100):",
            "    return a + b + c",
            "def fail(message):",
            "    raise ValueError(message)",
            "def kinds(*args, **kwargs):",
            "    return [type(a).__name__ for a in args] + sorted('%s=%s' % (k, type(v).__name__) for k, v in kwargs.items())",
            "thing = Thing(7, 'seven')",
            "plain = object()",
            "ns = types.SimpleNamespace(a=1, s='text', f=2.5, l=[1, 2], flag=True)",
            "");

    private static Interpreter open() {
        Interpreter interp = new SharedInterpreter();
        interp.exec(FIXTURE);
        return interp;
    }

    // ------------------------------------------------------------------ getValue kinds

    @Test
    void callablesComeBackAsPyCallable() {
        try (Interpreter interp = open()) {
            for (String expr : new String[] {"add", "len", "Thing", "thing.scaled", "Adder()", "lambda: 1", "str.upper",
                    "int"}) {
                Object value = interp.getValue(expr);
                assertInstanceOf(PyCallable.class, value, expr);
            }
            // Each kind is really callable from Java.
            assertEquals(111L, ((PyCallable) interp.getValue("add")).call(1));
            assertEquals(3L, ((PyCallable) interp.getValue("len")).call("abc"));
            assertEquals(14L, ((PyCallable) interp.getValue("thing.scaled")).call(2));
            assertEquals(5L, ((PyCallable) interp.getValue("Adder()")).call(2, 3));
            Object made = ((PyCallable) interp.getValue("Thing")).call(3, "three");
            assertInstanceOf(PyObject.class, made);
            assertFalse(made instanceof PyCallable, "a Thing instance is not callable");
            assertEquals("Thing(3, three)", made.toString());
        }
    }

    @Test
    void objectsWithoutJavaCounterpartComeBackAsPyObject() {
        try (Interpreter interp = open()) {
            for (String expr : new String[] {"plain", "thing", "ns", "iter([1])", "range(3)", "1j", "Ellipsis"}) {
                Object value = interp.getValue(expr);
                assertInstanceOf(PyObject.class, value, expr);
                assertFalse(value instanceof PyCallable, expr + " is not callable");
            }
            // Values with a Java counterpart are still converted by default.
            assertEquals(42L, interp.getValue("42"));
            assertEquals(List.of(1L, 2L), interp.getValue("[1, 2]"));
        }
    }

    @Test
    void getValueWithPyObjectClassAlwaysGivesAPyObject() {
        try (Interpreter interp = open()) {
            PyObject i = interp.getValue("42", PyObject.class);
            assertEquals("42", i.toString());
            assertEquals(42, i.as(Integer.class));
            assertEquals(Long.valueOf(42), i.as(Long.class));
            assertEquals(42, (int) i.as(int.class));

            PyObject list = interp.getValue("[1, 2, 3]", PyObject.class);
            assertEquals("[1, 2, 3]", list.toString());
            assertEquals(List.of(1L, 2L, 3L), list.as(List.class));
            assertArrayEquals(new int[] {1, 2, 3}, list.as(int[].class));

            PyObject s = interp.getValue("'héllo 🐍'", PyObject.class);
            assertEquals("héllo 🐍", s.as(String.class));
            assertEquals("héllo 🐍", s.toString());

            PyObject d = interp.getValue("{'a': 1}", PyObject.class);
            assertEquals(Map.of("a", 1L), d.as(Map.class));

            // A callable asked as PyObject is a PyObject (it may be the PyCallable subclass).
            assertInstanceOf(PyObject.class, interp.getValue("len", PyObject.class));
            // And PyCallable can be asked for directly; a non-callable cannot become one.
            assertInstanceOf(PyCallable.class, interp.getValue("add", PyCallable.class));
            JepException e = assertJepException(interp, () -> interp.getValue("42", PyCallable.class));
            assertContainsAll(messageOf(e), "int");
        }
    }

    @Test
    void noneIsNullEvenWhenAPyObjectIsAskedFor() {
        // Jep 4.3 converts None to null for every target class, PyObject included.
        try (Interpreter interp = open()) {
            assertNull(interp.getValue("None"));
            assertNull(interp.getValue("None", PyObject.class));
            assertNull(interp.getValue("None", PyCallable.class));
            PyObject thing = interp.getValue("thing", PyObject.class);
            thing.setAttr("nothing", null);
            assertNull(thing.getAttr("nothing"));
            assertNull(thing.getAttr("nothing", PyObject.class));
            assertNull(interp.getValue("lambda: None", PyCallable.class).callAs(PyObject.class));
            // Python None for a PyObject parameter of a Java method is null too.
            interp.exec("from krait.fixtures import Functional\nFunctional.keep(None)");
            assertNull(Functional.takeKept());
        }
    }

    @Test
    void asConvertsLikeGetValueAndNamesBothTypesWhenItCannot() {
        try (Interpreter interp = open()) {
            PyObject t = interp.getValue("(1, 'a')", PyObject.class);
            assertEquals(List.of(1L, "a"), t.as(List.class));
            assertEquals(List.of(1L, "a"), t.as(Object.class));
            PyObject f = interp.getValue("2.5", PyObject.class);
            assertEquals(2.5, f.as(Double.class));
            assertEquals(2.5f, f.as(Float.class));
            PyObject b = interp.getValue("b'\\x00\\xff'", PyObject.class);
            assertArrayEquals(new byte[] {0, (byte) 0xff}, b.as(byte[].class));
            PyObject plain = interp.getValue("plain", PyObject.class);
            assertInstanceOf(PyObject.class, plain.as(Object.class));
            assertInstanceOf(PyObject.class, plain.as(PyObject.class));

            PyObject i = interp.getValue("42", PyObject.class);
            JepException e = assertJepException(interp, () -> i.as(String.class));
            assertContainsAll(messageOf(e), "int", "String");
            JepException e2 = assertJepException(interp, () -> plain.as(Integer.class));
            assertContainsAll(messageOf(e2), "object", "Integer");
        }
    }

    // ------------------------------------------------------------------ attributes

    @Test
    void getAttrConvertsByDefaultAndToARequestedClass() {
        try (Interpreter interp = open()) {
            PyObject ns = interp.getValue("ns", PyObject.class);
            assertEquals(1L, ns.getAttr("a"));
            assertEquals("text", ns.getAttr("s"));
            assertEquals(2.5, ns.getAttr("f"));
            assertEquals(Boolean.TRUE, ns.getAttr("flag"));
            assertEquals(List.of(1L, 2L), ns.getAttr("l"));

            assertEquals(Integer.valueOf(1), ns.getAttr("a", Integer.class));
            assertEquals(Short.valueOf((short) 1), ns.getAttr("a", Short.class));
            assertEquals("text", ns.getAttr("s", String.class));
            assertEquals(Float.valueOf(2.5f), ns.getAttr("f", Float.class));
            assertArrayEquals(new long[] {1, 2}, ns.getAttr("l", long[].class));
            PyObject l = ns.getAttr("l", PyObject.class);
            assertEquals("[1, 2]", l.toString());

            PyObject thing = interp.getValue("thing", PyObject.class);
            assertEquals("thing", thing.getAttr("kind")); // class attribute
            assertEquals(7L, thing.getAttr("n"));
            Object method = thing.getAttr("scaled");
            assertInstanceOf(PyCallable.class, method);
            assertEquals(21L, ((PyCallable) method).call(3));
            assertEquals(22L, thing.getAttr("scaled", PyCallable.class).callAs(Long.class, 3, 1));
        }
    }

    @Test
    void getAttrOfAMissingOrUnconvertibleAttributeThrows() {
        try (Interpreter interp = open()) {
            PyObject thing = interp.getValue("thing", PyObject.class);
            JepException missing = assertJepException(interp, () -> thing.getAttr("nope"));
            assertTrue(messageOf(missing).startsWith("<class 'AttributeError'>"), missing.getMessage());
            assertContainsAll(missing.getMessage(), "nope");
            JepException typed = assertJepException(interp, () -> thing.getAttr("nope", Integer.class));
            assertTrue(messageOf(typed).startsWith("<class 'AttributeError'>"), typed.getMessage());
            JepException wrong = assertJepException(interp, () -> thing.getAttr("label", Integer.class));
            assertContainsAll(messageOf(wrong), "str", "Integer");
            // The object is still usable after the failures.
            assertEquals("seven", thing.getAttr("label"));
        }
    }

    @Test
    void setAttrConvertsJavaValuesThatPythonThenReads() {
        try (Interpreter interp = open()) {
            PyObject thing = interp.getValue("thing", PyObject.class);
            PyObject plain = interp.getValue("plain", PyObject.class);
            thing.setAttr("i", 5);
            thing.setAttr("big", Long.MAX_VALUE);
            thing.setAttr("d", 0.25);
            thing.setAttr("s", "grüße 🐍");
            thing.setAttr("b", true);
            thing.setAttr("c", 'z');
            thing.setAttr("none", null);
            thing.setAttr("other", plain);
            thing.setAttr("jl", new ArrayList<>(List.of("x", "y")));
            thing.setAttr("n", 8); // replaces an existing attribute

            assertEquals(Boolean.TRUE, interp.getValue("type(thing.i) is int and thing.i == 5"));
            assertEquals(Boolean.TRUE, interp.getValue("thing.big == 2**63 - 1"));
            assertEquals(Boolean.TRUE, interp.getValue("type(thing.d) is float and thing.d == 0.25"));
            assertEquals(Boolean.TRUE, interp.getValue("thing.s == 'grüße \\U0001F40D'"));
            assertEquals(Boolean.TRUE, interp.getValue("thing.b is True"));
            assertEquals(Boolean.TRUE, interp.getValue("thing.c == 'z'"));
            assertEquals(Boolean.TRUE, interp.getValue("thing.none is None"));
            assertEquals(Boolean.TRUE, interp.getValue("thing.other is plain"));
            assertEquals(Boolean.TRUE, interp.getValue("len(thing.jl) == 2 and thing.jl[1] == 'y'"));
            assertEquals(24L, interp.getValue("thing.scaled(3)"));
            // And read back through Java.
            assertEquals(5L, thing.getAttr("i"));
            assertEquals("grüße 🐍", thing.getAttr("s"));
        }
    }

    @Test
    void setAttrOnAnObjectWithoutADictThrowsAttributeError() {
        try (Interpreter interp = open()) {
            PyObject plain = interp.getValue("plain", PyObject.class);
            JepException e = assertJepException(interp, () -> plain.setAttr("x", 1));
            assertTrue(messageOf(e).startsWith("<class 'AttributeError'>"), e.getMessage());
        }
    }

    @Test
    void delAttrRemovesTheAttribute() {
        try (Interpreter interp = open()) {
            PyObject thing = interp.getValue("thing", PyObject.class);
            thing.setAttr("temp", 1);
            assertEquals(Boolean.TRUE, interp.getValue("hasattr(thing, 'temp')"));
            thing.delAttr("temp");
            assertEquals(Boolean.FALSE, interp.getValue("hasattr(thing, 'temp')"));
            thing.delAttr("label");
            assertEquals(Boolean.FALSE, interp.getValue("hasattr(thing, 'label')"));
            JepException again = assertJepException(interp, () -> thing.delAttr("temp"));
            assertTrue(messageOf(again).startsWith("<class 'AttributeError'>"), again.getMessage());
            JepException read = assertJepException(interp, () -> thing.getAttr("temp"));
            assertTrue(messageOf(read).startsWith("<class 'AttributeError'>"), read.getMessage());
        }
    }

    // ------------------------------------------------------------------ equals, hashCode, toString

    @Test
    void equalsDelegatesToPythonEquality() {
        try (Interpreter interp = open()) {
            PyObject a = interp.getValue("[1, 2, 3]", PyObject.class);
            PyObject b = interp.getValue("[1, 2, 3]", PyObject.class);
            PyObject c = interp.getValue("[1, 2, 4]", PyObject.class);
            assertEquals(Boolean.FALSE, interp.getValue("[1, 2, 3] is [1, 2, 3]"));
            assertEquals(a, b);
            assertEquals(b, a);
            assertNotEquals(a, c);
            assertEquals(a, a);
            assertFalse(a.equals(null));

            // Python-level __eq__ is honoured.
            interp.exec("class AlwaysEqual:\n    def __eq__(self, other):\n        return True\n"
                    + "    __hash__ = object.__hash__");
            PyObject x = interp.getValue("AlwaysEqual()", PyObject.class);
            PyObject y = interp.getValue("object()", PyObject.class);
            assertTrue(x.equals(y));
            // Two distinct objects without __eq__ are equal only to themselves.
            PyObject p1 = interp.getValue("plain", PyObject.class);
            PyObject p2 = interp.getValue("plain", PyObject.class);
            assertEquals(p1, p2);
            assertNotEquals(p1, y);
        }
    }

    @Test
    void hashCodeDelegatesToPythonHash() {
        try (Interpreter interp = open()) {
            PyObject a = interp.getValue("(1, 'two', 3.0)", PyObject.class);
            PyObject b = interp.getValue("(1, 'two', 3.0)", PyObject.class);
            long pyHash = (Long) interp.getValue("hash((1, 'two', 3.0))");
            assertEquals(Long.hashCode(pyHash), a.hashCode());
            assertEquals(a.hashCode(), b.hashCode());
            assertEquals(Long.hashCode((Long) interp.getValue("hash('abc')")),
                    interp.getValue("'abc'", PyObject.class).hashCode());
            interp.exec("class H:\n    def __hash__(self):\n        return 12345\n");
            assertEquals(12345, interp.getValue("H()", PyObject.class).hashCode());

            // Usable as keys of Java hash collections: equal Python values find each other.
            Map<PyObject, String> map = new HashMap<>();
            map.put(a, "tuple");
            assertEquals("tuple", map.get(b));
            Set<PyObject> set = new LinkedHashSet<>(List.of(a, b, interp.getValue("'abc'", PyObject.class)));
            assertEquals(2, set.size());
        }
    }

    @Test
    void hashCodeOfAnUnhashableObjectThrowsTypeError() {
        try (Interpreter interp = open()) {
            PyObject list = interp.getValue("[1, 2]", PyObject.class);
            JepException e = assertJepException(interp, list::hashCode);
            assertTrue(messageOf(e).startsWith("<class 'TypeError'>"), e.getMessage());
            assertContainsAll(e.getMessage(), "unhashable");
        }
    }

    @Test
    void toStringIsPythonStr() {
        try (Interpreter interp = open()) {
            assertEquals("Thing(7, seven)", interp.getValue("thing", PyObject.class).toString());
            assertEquals("{'a': [1, None]}", interp.getValue("{'a': [1, None]}", PyObject.class).toString());
            assertEquals("None", interp.getValue("str(None)", PyObject.class).toString());
            assertEquals("(1+2j)", interp.getValue("1+2j").toString());
            String repr = interp.getValue("plain").toString();
            assertTrue(repr.startsWith("<object object at 0x"), repr);
            interp.exec("class Bad:\n    def __str__(self):\n        raise RuntimeError('no str')\n");
            PyObject bad = interp.getValue("Bad()", PyObject.class);
            JepException e = assertJepException(interp, bad::toString);
            assertTrue(messageOf(e).startsWith("<class 'RuntimeError'>"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeIsIdempotentAndUseAfterCloseThrows() {
        try (Interpreter interp = open()) {
            PyObject thing = interp.getValue("thing", PyObject.class);
            PyCallable add = interp.getValue("add", PyCallable.class);
            thing.close();
            thing.close();
            add.close();
            add.close();
            for (TestSupport.ThrowingRunnable use : List.<TestSupport.ThrowingRunnable>of(
                    () -> thing.getAttr("n"), () -> thing.getAttr("n", Integer.class), () -> thing.setAttr("n", 1),
                    () -> thing.delAttr("n"), () -> thing.as(Object.class), thing::toString, thing::hashCode,
                    () -> thing.proxy(Runnable.class), () -> add.call(1), () -> add.callAs(Long.class, 1),
                    () -> add.call(Map.of("a", 1)))) {
                JepException e = assertJepException(interp, use);
                assertContainsAll(messageOf(e).toLowerCase(), "closed");
            }
            // The Python object itself is unaffected.
            assertEquals(7L, interp.getValue("thing.n"));
            // A closed PyObject cannot be handed back to Python either.
            assertThrows(JepException.class, () -> interp.set("gone", thing));
        }
    }

    @Test
    void tryWithResourcesClosesAPyObject() {
        try (Interpreter interp = open()) {
            PyObject kept;
            try (PyObject o = interp.getValue("thing", PyObject.class)) {
                kept = o;
                assertEquals(7L, o.getAttr("n"));
            }
            JepException e = assertJepException(interp, () -> kept.getAttr("n"));
            assertContainsAll(messageOf(e).toLowerCase(), "closed");
        }
    }

    // ------------------------------------------------------------------ PyCallable

    @Test
    void callWithPositionalArguments() {
        try (Interpreter interp = open()) {
            PyCallable add = interp.getValue("add", PyCallable.class);
            assertEquals(111L, add.call(1));
            assertEquals(103L, add.call(1, 2));
            assertEquals("ab" + "cd", interp.getValue("lambda a, b: a + b", PyCallable.class).call("ab", "cd"));
            PyCallable kinds = interp.getValue("kinds", PyCallable.class);
            assertEquals(List.of("int", "float", "str", "bool", "NoneType"), kinds.call(1, 2.0, "s", true, null));
            assertEquals(List.of(), kinds.call());
        }
    }

    @Test
    void callWithKeywordArguments() {
        try (Interpreter interp = open()) {
            PyCallable add = interp.getValue("add", PyCallable.class);
            Map<String, Object> kwargs = new LinkedHashMap<>();
            kwargs.put("a", 1);
            kwargs.put("c", 1000);
            assertEquals(1011L, add.call(kwargs));
            kwargs.put("b", 2);
            assertEquals(1003L, add.call(kwargs));
            // Both at once; keyword-only 'c' only works as a keyword.
            assertEquals(3003L, add.call(new Object[] {1, 2}, Map.of("c", 3000)));
            assertEquals(List.of("int", "x=str", "y=float"),
                    interp.getValue("kinds", PyCallable.class).call(new Object[] {1}, Map.of("x", "s", "y", 1.5)));
            // null args / kwargs mean none.
            assertEquals(List.of(), interp.getValue("kinds", PyCallable.class).call(null, null));
        }
    }

    @Test
    void callAsConvertsTheResult() {
        try (Interpreter interp = open()) {
            PyCallable add = interp.getValue("add", PyCallable.class);
            assertEquals(Integer.valueOf(111), add.callAs(Integer.class, 1));
            assertEquals(Integer.valueOf(111), add.callAs(int.class, 1));
            assertEquals(Double.valueOf(1011.0), add.callAs(Double.class, Map.of("a", 1, "c", 1000)));
            assertEquals(Short.valueOf((short) 6), add.callAs(Short.class, new Object[] {1, 2}, Map.of("c", 3)));
            PyObject made = interp.getValue("Thing", PyCallable.class).callAs(PyObject.class, 2);
            assertEquals(2L, made.getAttr("n"));
            assertArrayEquals(new String[] {"a", "b"},
                    interp.getValue("str.split", PyCallable.class).callAs(String[].class, "a b"));
            JepException e = assertJepException(interp,
                    () -> interp.getValue("str.upper", PyCallable.class).callAs(Integer.class, "abc"));
            assertContainsAll(messageOf(e), "str", "Integer");
        }
    }

    @Test
    void exceptionsFromTheCallBecomeJepExceptionsWithThePythonType() {
        try (Interpreter interp = open()) {
            PyCallable fail = interp.getValue("fail", PyCallable.class);
            JepException e = assertJepException(interp, () -> fail.call("bad value"));
            assertEquals("<class 'ValueError'>: bad value", e.getMessage());
            JepException kw = assertJepException(interp, () -> fail.call(Map.of("message", "by keyword")));
            assertEquals("<class 'ValueError'>: by keyword", kw.getMessage());
            JepException typed = assertJepException(interp, () -> fail.callAs(String.class, "typed"));
            assertEquals("<class 'ValueError'>: typed", typed.getMessage());
            PyCallable add = interp.getValue("add", PyCallable.class);
            JepException arity = assertJepException(interp, () -> add.call(1, 2, 3));
            assertTrue(arity.getMessage().startsWith("<class 'TypeError'>"), arity.getMessage());
            JepException unknown = assertJepException(interp, () -> add.call(Map.of("zzz", 1)));
            assertTrue(unknown.getMessage().startsWith("<class 'TypeError'>"), unknown.getMessage());
            assertContainsAll(unknown.getMessage(), "zzz");
            // The callable still works after failures.
            assertEquals(111L, add.call(1));
        }
    }

    // ------------------------------------------------------------------ identity back in Python

    @Test
    void aPyObjectPassedBackToPythonIsTheSameObject() {
        try (Interpreter interp = open()) {
            interp.exec("def is_thing(x):\n    return x is thing\n"
                    + "def is_plain(x):\n    return x is plain\n");
            PyObject thing = interp.getValue("thing", PyObject.class);
            PyObject plain = (PyObject) interp.getValue("plain");
            PyCallable add = interp.getValue("add", PyCallable.class);
            PyObject list = interp.getValue("ns.l", PyObject.class);
            interp.set("back_thing", thing);
            interp.set("back_add", add);
            interp.set("back_list", list);
            assertEquals(Boolean.TRUE, interp.getValue("back_thing is thing"));
            assertEquals(Boolean.TRUE, interp.getValue("back_add is add"));
            assertEquals(Boolean.TRUE, interp.getValue("back_list is ns.l"));
            assertEquals(Boolean.TRUE, interp.invoke("is_thing", thing));
            assertEquals(Boolean.TRUE, interp.invoke("is_plain", new Object[] {plain}, null));
            assertEquals(Boolean.TRUE, interp.invoke("is_plain", Map.of("x", plain)));
            assertEquals(Boolean.TRUE,
                    interp.getValue("lambda a, b: a is b", PyCallable.class).call(thing, interp.getValue("thing")));
            // Inside a Java collection too.
            interp.set("jlist", new ArrayList<>(Arrays.asList(thing, plain)));
            assertEquals(Boolean.TRUE, interp.getValue("jlist[0] is thing and jlist[1] is plain"));
            // Mutations through Python are seen through the PyObject.
            interp.exec("back_list.append(99)");
            assertEquals(List.of(1L, 2L, 99L), list.as(List.class));
        }
    }

    @Test
    void pyObjectParametersOfJavaMethodsCalledFromPython() {
        try (Interpreter interp = open()) {
            interp.exec(String.join("\n",
                    "from krait.fixtures import Functional",
                    "Functional.keep(thing)",
                    "calls = []",
                    "def record(x):",
                    "    calls.append(x)",
                    "    return x * 2",
                    "results = list(Functional.callEach(record, [1, 'a']))",
                    ""));
            // The PyCallable parameter was called back while Python was still on the stack.
            assertEquals(List.of(2L, "aa"), interp.getValue("results"));
            assertEquals(List.of(1L, "a"), interp.getValue("calls"));
            // The PyObject parameter outlives the Python call that passed it.
            PyObject kept = Functional.takeKept();
            assertEquals(7L, kept.getAttr("n"));
            interp.set("back", kept);
            assertEquals(Boolean.TRUE, interp.getValue("back is thing"));
        }
    }

    @Test
    void nullNamesAndClassesFailCleanly() {
        try (Interpreter interp = open()) {
            PyObject thing = interp.getValue("thing", PyObject.class);
            for (TestSupport.ThrowingRunnable use : List.<TestSupport.ThrowingRunnable>of(
                    () -> thing.getAttr(null), () -> thing.getAttr(null, Integer.class), () -> thing.setAttr(null, 1),
                    () -> thing.delAttr(null), () -> thing.proxy(null))) {
                assertThrows(RuntimeException.class, use::run);
                TestSupport.assertStillUsable(interp);
            }
            assertEquals(7L, thing.getAttr("n"));
        }
    }

    @Test
    void pyObjectsOfAnIsolatedSubInterpreter() {
        assumeTrue(TestSupport.pythonMinor() >= 12, "isolated needs Python 3.12");
        JepConfig config = new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated());
        try (Interpreter interp = new SubInterpreter(config)) {
            interp.exec(FIXTURE + "import sys\n");
            PyObject thing = interp.getValue("thing", PyObject.class);
            thing.setAttr("n", 3);
            assertEquals(9L, interp.getValue("thing.scaled(3)"));
            assertEquals(1003L, interp.getValue("add", PyCallable.class).call(new Object[] {1, 2}, Map.of("c", 1000)));
            interp.set("back", thing);
            assertEquals(Boolean.TRUE, interp.getValue("back is thing"));
            PyBuiltins b = PyBuiltins.get(interp);
            assertEquals(List.of(1L), b.list(List.of(1)).as(List.class));
            long start = (Long) interp.getValue("sys.getrefcount(thing)");
            for (int i = 0; i < 20_000; i++) {
                interp.getValue("thing", PyObject.class);
            }
            long end = start + 1;
            for (int i = 0; i < 200 && end != start; i++) {
                System.gc();
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                end = (Long) interp.getValue("sys.getrefcount(thing)");
            }
            assertEquals(start, end);
        }
    }

    @Test
    void aPyObjectWorksInASubInterpreterToo() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec(FIXTURE);
            PyObject thing = interp.getValue("thing", PyObject.class);
            assertEquals(7L, thing.getAttr("n"));
            thing.setAttr("n", 9);
            assertEquals(27L, interp.getValue("thing.scaled(3)"));
            interp.set("back", thing);
            assertEquals(Boolean.TRUE, interp.getValue("back is thing"));
            PyCallable add = interp.getValue("add", PyCallable.class);
            assertEquals(1003L, add.call(new Object[] {1, 2}, Map.of("c", 1000)));
            assertEquals(interp.getValue("[1]", PyObject.class), interp.getValue("[1]", PyObject.class));
        }
    }

    // ------------------------------------------------------------------ PyBuiltins

    @Test
    void builtinsDictDirAndAttributes() {
        try (Interpreter interp = open()) {
            PyBuiltins b = PyBuiltins.get(interp);
            PyObject empty = b.dict();
            assertEquals("{}", empty.toString());
            assertEquals(Map.of(), empty.as(Map.class));
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("a", 1);
            source.put("b", "two");
            PyObject d = b.dict(source);
            interp.set("d", d);
            assertEquals(Boolean.TRUE, interp.getValue("type(d) is dict and d == {'a': 1, 'b': 'two'}"));

            PyObject thing = interp.getValue("thing", PyObject.class);
            List<String> names = Arrays.asList(b.dir(thing));
            assertTrue(names.containsAll(List.of("n", "label", "items", "scaled", "kind", "__init__")), names.toString());
            assertEquals(interp.getValue("dir(thing)"), names);

            assertEquals(7L, b.getattr(thing, "n"));
            assertInstanceOf(PyCallable.class, b.getattr(thing, "scaled"));
            assertTrue(b.hasattr(thing, "label"));
            assertFalse(b.hasattr(thing, "missing"));
            b.setattr(thing, "missing", List.of(1, 2));
            assertTrue(b.hasattr(thing, "missing"));
            assertEquals(Boolean.TRUE, interp.getValue("list(thing.missing) == [1, 2]"));
            b.setattr(thing, "n", 70);
            assertEquals(70L, interp.getValue("thing.n"));
            b.delattr(thing, "missing");
            assertFalse(b.hasattr(thing, "missing"));
            assertEquals(Boolean.FALSE, interp.getValue("hasattr(thing, 'missing')"));
            JepException e = assertJepException(interp, () -> b.getattr(thing, "missing"));
            assertTrue(messageOf(e).startsWith("<class 'AttributeError'>"), e.getMessage());
            JepException e2 = assertJepException(interp, () -> b.delattr(thing, "missing"));
            assertTrue(messageOf(e2).startsWith("<class 'AttributeError'>"), e2.getMessage());
        }
    }

    @Test
    void builtinsEvalAndExecWithGlobalsAndLocals() {
        try (Interpreter interp = open()) {
            PyBuiltins b = PyBuiltins.get(interp);
            PyObject globals = b.dict();
            b.exec("x = 20\ndef twice(v):\n    return v * 2", globals);
            assertEquals(40L, b.eval("twice(x)", globals));
            assertEquals(Boolean.TRUE, interp.getValue("'x' not in globals()"), "exec used its own globals");
            interp.set("g", globals);
            assertEquals(20L, interp.getValue("g['x']"));

            PyObject locals = b.dict(Map.of("y", 3));
            b.exec("z = x + y", globals, locals);
            interp.set("l", locals);
            assertEquals(23L, interp.getValue("l['z']"));
            assertEquals(Boolean.TRUE, interp.getValue("'z' not in g"));
            assertEquals(69L, b.eval("z * y", globals, locals));
            JepException e = assertJepException(interp, () -> b.eval("undefined_name", globals));
            assertTrue(messageOf(e).startsWith("<class 'NameError'>"), e.getMessage());
            JepException e2 = assertJepException(interp, () -> b.exec("1/0", globals, locals));
            assertTrue(messageOf(e2).startsWith("<class 'ZeroDivisionError'>"), e2.getMessage());
        }
    }

    @Test
    void builtinsCollectionsFromIterablesAndArrays() {
        try (Interpreter interp = open()) {
            PyBuiltins b = PyBuiltins.get(interp);
            List<Object> values = List.of(3, 1, "a", 1);
            Object[] array = {3, 1, "a", 1};

            check(interp, b.list(), "list", "[]");
            check(interp, b.list(values), "list", "[3, 1, 'a', 1]");
            check(interp, b.list(array), "list", "[3, 1, 'a', 1]");
            check(interp, b.tuple(), "tuple", "()");
            check(interp, b.tuple(values), "tuple", "(3, 1, 'a', 1)");
            check(interp, b.tuple(array), "tuple", "(3, 1, 'a', 1)");
            check(interp, b.set(), "set", "set()");
            check(interp, b.set(values), "set", "{1, 3, 'a'}");
            check(interp, b.set(array), "set", "{1, 3, 'a'}");
            check(interp, b.frozenset(), "frozenset", "frozenset()");
            check(interp, b.frozenset(values), "frozenset", "frozenset({1, 3, 'a'})");
            check(interp, b.frozenset(array), "frozenset", "frozenset({1, 3, 'a'})");

            assertEquals(List.of(3L, 1L, "a", 1L), b.list(values).as(List.class));
            assertEquals(Set.of(1L, 3L, "a"), b.set(array).as(Set.class));
            // A frozenset is hashable and equal to the set with the same elements.
            assertEquals(b.frozenset(values).hashCode(), b.frozenset(array).hashCode());
            assertEquals(b.set(values), b.frozenset(array));
        }
    }

    private static void check(Interpreter interp, PyObject made, String type, String expected) {
        interp.set("made", made);
        assertEquals(Boolean.TRUE, interp.getValue("type(made) is " + type + " and made == " + expected),
                () -> "expected " + type + " equal to " + expected + ", got " + made);
        interp.exec("del made");
    }

    @Test
    void builtinsIdentityTypesAndObjects() {
        try (Interpreter interp = open()) {
            PyBuiltins b = PyBuiltins.get(interp);
            PyObject thing = interp.getValue("thing", PyObject.class);
            interp.set("t", thing);
            assertEquals(interp.getValue("id(thing)"), b.id(thing));
            assertEquals(b.id(thing), b.id(interp.getValue("thing", PyObject.class)));
            assertNotEquals(b.id(thing), b.id(interp.getValue("plain", PyObject.class)));

            PyCallable type = b.type(thing);
            PyObject thingClass = interp.getValue("Thing", PyObject.class);
            assertEquals(b.id(thingClass), b.id(type));
            PyObject another = type.callAs(PyObject.class, 4);
            assertEquals("Thing(4, x)", another.toString());
            assertEquals("int", b.type(interp.getValue("42", PyObject.class)).getAttr("__name__"));

            assertTrue(b.isinstance(thing, thingClass));
            assertTrue(b.isinstance(thing, interp.getValue("object", PyObject.class)));
            assertFalse(b.isinstance(interp.getValue("plain", PyObject.class), thingClass));
            interp.exec("class Sub(Thing):\n    pass");
            assertTrue(b.issubclass(interp.getValue("Sub", PyObject.class), thingClass));
            assertFalse(b.issubclass(thingClass, interp.getValue("Sub", PyObject.class)));
            JepException e = assertJepException(interp, () -> b.issubclass(thing, thingClass));
            assertTrue(messageOf(e).startsWith("<class 'TypeError'>"), e.getMessage());

            PyObject o1 = b.object();
            PyObject o2 = b.object();
            interp.set("o1", o1);
            assertEquals(Boolean.TRUE, interp.getValue("type(o1) is object"));
            assertNotEquals(o1, o2);
            assertEquals(o1, o1);
            assertNotEquals(b.id(o1), b.id(o2));
        }
    }

    @Test
    void builtinsCallable() {
        try (Interpreter interp = open()) {
            PyBuiltins b = PyBuiltins.get(interp);
            assertTrue(b.callable(interp.getValue("add")));
            assertTrue(b.callable(interp.getValue("Thing")));
            assertTrue(b.callable(interp.getValue("Adder()", PyObject.class)));
            assertFalse(b.callable(interp.getValue("thing")));
            assertFalse(b.callable(interp.getValue("42", PyObject.class)));
            assertFalse(b.callable("a Java string"));
            assertFalse(b.callable(null));
            // A Java functional-interface object is callable in Python.
            Runnable r = () -> { };
            assertTrue(b.callable(r));
        }
    }

    @Test
    void builtinsOfASubInterpreterAreItsOwn() {
        try (Interpreter interp = new SubInterpreter()) {
            PyBuiltins b = PyBuiltins.get(interp);
            PyObject g = b.dict();
            b.exec("import sys\nmods = sys.modules", g);
            interp.exec("import sys");
            interp.set("g", g);
            assertEquals(Boolean.TRUE, interp.getValue("g['mods'] is sys.modules"));
            PyObject l = b.list(List.of(1, 2));
            assertEquals(List.of(1L, 2L), l.as(List.class));
            assertNull(interp.getValue("None"));
        }
    }
}
