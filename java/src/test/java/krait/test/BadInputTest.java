package krait.test;

import static krait.test.TestSupport.assertJepException;
import static krait.test.TestSupport.assertStillUsable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Bad input never crashes the JVM: null arguments give JepException or NullPointerException, empty
 * or invalid expressions, unknown names, wrong argument counts and non-callables give JepException,
 * and the interpreter keeps working after each.
 */
class BadInputTest {

    /** Asserts that r throws JepException or NullPointerException (a null argument), nothing else. */
    private static void assertJepOrNpe(Interpreter interp, String what, TestSupport.ThrowingRunnable r) {
        try {
            r.run();
            fail(what + " should throw JepException or NullPointerException");
        } catch (JepException | NullPointerException expected) {
            // fine
        } catch (Throwable other) {
            fail(what + " threw " + other, other);
        }
        assertStillUsable(interp);
    }

    /** Runs r: returning normally, JepException and NullPointerException are all acceptable. */
    private static void assertNoCrash(Interpreter interp, TestSupport.ThrowingRunnable r) {
        try {
            r.run();
        } catch (JepException | NullPointerException acceptable) {
            // fine
        } catch (Throwable other) {
            fail("unexpected " + other, other);
        }
        assertStillUsable(interp);
    }

    private static void checkNullArguments(Interpreter interp) {
        interp.exec("def f(*a, **k):\n    return len(a) + len(k)");
        assertNoCrash(interp, () -> interp.exec(null)); // Jep treats exec(null) as a no-op
        assertJepOrNpe(interp, "set(null, 1)", () -> interp.set(null, 1));
        assertJepOrNpe(interp, "getValue(null)", () -> interp.getValue(null));
        assertJepOrNpe(interp, "getValue(null, Integer.class)", () -> interp.getValue(null, Integer.class));
        assertJepOrNpe(interp, "runScript(null)", () -> interp.runScript(null));
        assertJepOrNpe(interp, "invoke(null)", () -> interp.invoke(null));
        assertJepOrNpe(interp, "invoke(null, kwargs)", () -> interp.invoke(null, new HashMap<>()));
        assertNoCrash(interp, () -> interp.eval(null));
        assertNoCrash(interp, () -> interp.getValue("1", null));
        assertNoCrash(interp, () -> interp.invoke("f", (Object[]) null));
        assertNoCrash(interp, () -> interp.invoke("f", (Map<String, Object>) null));
        assertNoCrash(interp, () -> interp.invoke("f", null, null));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertNoCrash(interp, () -> interp.invoke("f", nullKey));
    }

    @Test
    void nullArgumentsInSharedInterpreter() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkNullArguments(interp);
        }
    }

    @Test
    void nullArgumentsInSubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            checkNullArguments(interp);
        }
    }

    @Test
    void emptyAndInvalidExpressions() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertJepException(interp, () -> interp.getValue(""));
            assertJepException(interp, () -> interp.getValue("   "));
            assertJepException(interp, () -> interp.getValue("x = 1"));
            assertJepException(interp, () -> interp.exec("\0"));
            assertJepException(interp, () -> interp.getValue("a\0b"));
        }
    }

    @Test
    void unknownNamesAndBadCalls() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.invoke("nonexistent"));
            assertTrue(TestSupport.messageOf(e).contains("nonexistent"), e::getMessage);
            assertJepException(interp, () -> interp.invoke("nonexistent.method"));
            assertJepException(interp, () -> interp.invoke("len.nonexistent_attr"));
            assertJepException(interp, () -> interp.invoke(""));
            assertJepException(interp, () -> interp.invoke("."));
            assertJepException(interp, () -> interp.invoke("1+1"));

            e = assertJepException(interp, () -> interp.invoke("len"));
            assertTrue(e.getMessage().startsWith("<class 'TypeError'>"), e::getMessage);
            e = assertJepException(interp, () -> interp.invoke("len", 1, 2));
            assertTrue(e.getMessage().startsWith("<class 'TypeError'>"), e::getMessage);
            e = assertJepException(interp, () -> interp.invoke("len", 5));
            assertTrue(e.getMessage().startsWith("<class 'TypeError'>"), e::getMessage);

            interp.exec("not_callable = 5\ndef g(a):\n    return a");
            e = assertJepException(interp, () -> interp.invoke("not_callable"));
            assertTrue(e.getMessage().startsWith("<class 'TypeError'>"), e::getMessage);
            Map<String, Object> badKw = new HashMap<>();
            badKw.put("zzz", 1);
            e = assertJepException(interp, () -> interp.invoke("g", badKw));
            assertTrue(e.getMessage().startsWith("<class 'TypeError'>"), e::getMessage);
            e = assertJepException(interp, () -> interp.invoke("g", new Object[] {1}, Map.of("a", 2)));
            assertTrue(e.getMessage().startsWith("<class 'TypeError'>"), e::getMessage);
            assertEquals(3L, interp.invoke("len", "abc"));
        }
    }

    @Test
    void runScriptOfADirectory() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertJepException(interp, () -> interp.runScript(System.getProperty("java.io.tmpdir")));
            assertJepException(interp, () -> interp.runScript(""));
        }
    }

    @Test
    void pythonExceptionWhileConvertingArguments() {
        try (Interpreter interp = new SharedInterpreter()) {
            // a Java List key may become an unhashable Python list; whatever krait does, no crash
            Map<Object, Object> m = new HashMap<>();
            m.put(java.util.List.of(1, 2), "v");
            assertNoCrash(interp, () -> interp.set("m", m));
        }
    }
}
