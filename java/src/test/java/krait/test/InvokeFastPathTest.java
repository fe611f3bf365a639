package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import krait.UsageException;
import krait.WrongThreadException;

/**
 * The fast paths of {@code Interpreter.invoke} (issue 10: names bound once to slots, up to four
 * boxed primitive or null arguments passed unboxed, results that are None, bool, an int in the
 * range of a long or a float returned unboxed) give exactly what the general path gives: the
 * same Python values for every box kind at its edges, the same Java values (and the same cached
 * boxes), the same errors, in shared and sub-interpreters.
 */
class InvokeFastPathTest {

    private static final String FUNCTIONS = String.join("\n",
            "def echo(*a, **k):",
            "    return a[0] if a else None",
            "def describe(*a, **k):",
            "    return ' '.join(type(x).__name__ + ':' + repr(x) for x in a) + ' ' + repr(sorted(k.items()))",
            "def value(expr):",
            "    return eval(expr)",
            "class MyInt(int):",
            "    pass",
            "x = 5",
            "");

    /** Every box kind at its edges, and null. */
    private static final Object[] EDGES = {
        Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 127, 128, -128, -129,
        Long.MIN_VALUE, Long.MAX_VALUE, (long) Integer.MAX_VALUE + 1,
        Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE,
        Float.NaN, -0.0f, 1.5f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NEGATIVE_INFINITY,
        true, false,
        Short.MIN_VALUE, Short.MAX_VALUE, (short) -1,
        Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) -1,
        'a', '\u0000', '\uD800', '\uFFFF', '\u00e9',
        null,
    };

    /** The general path: keyword arguments (even none) take it. */
    private static Object general(Interpreter interp, String name, Object... args) {
        return interp.invoke(name, args, new HashMap<>());
    }

    @Test
    void everyBoxKindBecomesThePythonValueOfTheGeneralPath() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec(FUNCTIONS);
            for (Object v : EDGES) {
                String what = v == null ? "null" : v.getClass().getSimpleName() + " " + v;
                assertEquals(general(interp, "describe", v), interp.invoke("describe", v), what);
                assertEquals(general(interp, "describe", v, v), interp.invoke("describe", v, v), what);
                assertEquals(general(interp, "describe", 1, v, 2L, v), interp.invoke("describe", 1, v, 2L, v), what);
                Object fast = interp.invoke("echo", v);
                Object slow = general(interp, "echo", v);
                assertEquals(slow, fast, what);
                assertEquals(slow == null ? null : slow.getClass(), fast == null ? null : fast.getClass(), what);
            }
            // The Python values themselves, as Jep makes them of boxes.
            assertEquals("int:-2147483648 []", interp.invoke("describe", Integer.MIN_VALUE));
            assertEquals("int:9223372036854775807 []", interp.invoke("describe", Long.MAX_VALUE));
            assertEquals("float:nan float:-0.0 []", interp.invoke("describe", Double.NaN, -0.0));
            assertEquals("float:-0.0 float:1.5 []", interp.invoke("describe", -0.0f, 1.5f));
            assertEquals("bool:True bool:False NoneType:None []", interp.invoke("describe", true, false, null));
            assertEquals("int:-32768 int:-128 str:'a' str:'\\ud800' []",
                    interp.invoke("describe", Short.MIN_VALUE, Byte.MIN_VALUE, 'a', '\uD800'));
        }
    }

    @Test
    void resultsAreTheDefaultConversionWithTheSameBoxes() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec(FUNCTIONS);
            String[] exprs = {"None", "True", "False", "0", "-128", "127", "128", "-129", "2**63-1", "-2**63",
                "2**63", "-2**63-1", "1.5", "float('nan')", "-0.0", "float('inf')", "'s'", "[1, 2]", "(1,)",
                "{'a': 1}", "MyInt(5)", "MyInt(2**70)"};
            for (String expr : exprs) {
                Object expected = interp.getValue(expr);
                assertEquals(expected, interp.invoke("value", expr), expr);
                assertEquals(expected, interp.invoke("value", new Object[] {expr}, new HashMap<>()), expr);
            }
            assertEquals(Long.valueOf(Long.MIN_VALUE), interp.invoke("value", "-2**63"));
            assertEquals(BigInteger.ONE.shiftLeft(63), interp.invoke("value", "2**63"));
            assertEquals(Double.valueOf(-0.0), interp.invoke("echo", -0.0));
            assertEquals(Double.valueOf(Double.NaN), interp.invoke("echo", Double.NaN));
            for (long v = -128; v <= 127; v++) {
                assertSame(Long.valueOf(v), interp.invoke("echo", v));
                assertSame(Long.valueOf(v), interp.invoke("echo", (int) v));
            }
            assertSame(Boolean.TRUE, interp.invoke("echo", true));
            assertSame(Boolean.FALSE, interp.invoke("value", "1 > 2"));
            assertNull(interp.invoke("echo"));
            assertNull(interp.invoke("echo", (Object) null));
            assertEquals(2.5, interp.invoke("max", 1, 2.5, 2L));
        }
    }

    @Test
    void mixedManyAndKeywordArgumentsTakeTheGeneralPath() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec(FUNCTIONS);
            assertEquals("int:1 str:'s' float:2.5 str:'c' []", interp.invoke("describe", 1, "s", 2.5, 'c'));
            assertEquals("int:1 PyJArray:[2] []", interp.invoke("describe", 1, new int[] {2}));
            assertEquals("int:1 int:2 int:3 int:4 int:5 []", interp.invoke("describe", 1, 2, 3, 4, 5));
            assertEquals("int:1 str:'c' [('b', 2)]", interp.invoke("describe", new Object[] {1, 'c'}, Map.of("b", 2)));
            assertEquals(" [('b', 2.5)]", interp.invoke("describe", Map.of("b", 2.5f)));
            assertEquals(" []", interp.invoke("describe", (Object[]) null));
            assertEquals(3L, interp.invoke("len", Arrays.asList(1, 2, 3)));
            assertEquals(List.of("a", "b"), interp.invoke("list", "ab"));
        }
    }

    @Test
    void namesRebindAndCollideWithoutMixingUp() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("import types\nns = types.SimpleNamespace(f=lambda: 'a')\n"
                    + "for i in range(600):\n    globals()['f%d' % i] = (lambda i: lambda: i)(i)\n");
            // More names than slots, interleaved: every call reaches its own function.
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 600; i += 1 + round) {
                    assertEquals((long) i, interp.invoke("f" + i));
                }
            }
            assertEquals("a", interp.invoke("ns.f"));
            interp.exec("ns.f = lambda: 'b'");
            assertEquals("b", interp.invoke("ns.f"));
            interp.exec("ns = types.SimpleNamespace(f=lambda: 'c')");
            assertEquals("c", interp.invoke("ns.f"));
            interp.exec("f7 = 'not callable'");
            JepException notCallable = assertThrows(JepException.class, () -> interp.invoke("f7"));
            assertEquals("<class 'TypeError'>: 'str' object is not callable", notCallable.getMessage());
            interp.exec("del f8");
            JepException missing = assertThrows(JepException.class, () -> interp.invoke("f8", 1));
            assertEquals("<class 'NameError'>: name 'f8' is not defined", missing.getMessage());
            assertEquals(9L, interp.invoke("f9"));
        }
    }

    @Test
    void errorsAreThoseOfTheGeneralPath() throws Exception {
        Interpreter interp = new SharedInterpreter();
        interp.exec(FUNCTIONS + "import os\n");
        assertEquals("<class 'NameError'>: name 'missing' is not defined",
                assertThrows(JepException.class, () -> interp.invoke("missing")).getMessage());
        assertEquals("<class 'TypeError'>: 'int' object is not callable",
                assertThrows(JepException.class, () -> interp.invoke("x", 1, 2)).getMessage());
        assertEquals("<class 'AttributeError'>: module 'os' has no attribute 'nope'",
                assertThrows(JepException.class, () -> interp.invoke("os.nope")).getMessage());
        assertEquals("<class 'NameError'>: name '' is not defined",
                assertThrows(JepException.class, () -> interp.invoke("")).getMessage());
        assertEquals("<class 'TypeError'>: value() takes 1 positional argument but 2 were given",
                assertThrows(JepException.class, () -> interp.invoke("value", 1, 2)).getMessage());
        assertEquals("function name must not be null",
                assertThrows(UsageException.class, () -> interp.invoke(null, 1)).getMessage());
        assertEquals("function name contains an unpaired surrogate and is not valid text",
                assertThrows(UsageException.class, () -> interp.invoke("f\uD800")).getMessage());
        assertEquals(1L, interp.invoke("echo", 1));
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(assertThrows(WrongThreadException.class,
                () -> interp.invoke("echo", 1))));
        thread.start();
        thread.join();
        assertEquals("Invalid thread access.", other.get().getMessage());
        interp.close();
        assertEquals("Jep instance has been closed.",
                assertThrows(UsageException.class, () -> interp.invoke("echo")).getMessage());
        assertEquals("Jep instance has been closed.",
                assertThrows(UsageException.class, () -> interp.invoke("echo", 1, "s")).getMessage());
    }

    @Test
    void subInterpretersAndNestedCallsUseTheirOwnSlots() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec(FUNCTIONS);
            interp.set("interp", interp);
            // Python calls Java, which invokes in the same interpreter (other names, same slots
            // possibly) while the outer call is running.
            interp.exec("def outer(n):\n"
                    + "    return interp.invoke('echo', n) + interp.invoke('value', '40') + n\n");
            assertEquals(42L, interp.invoke("outer", 1));
            assertEquals(1.5, interp.invoke("echo", 1.5));
            assertEquals("bool:True []", interp.invoke("describe", true));
        }
    }
}
