package krait.test;

import static krait.test.TestSupport.assertStillUsable;
import static krait.test.TestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * The Interpreter calls end to end: exec, eval (interactive buffering), runScript, invoke with
 * positional args / kwargs / both / dotted names, set and getValue, and close (idempotent, every call
 * afterwards throws JepException), for SharedInterpreter and SubInterpreter.
 */
class CallsTest {

    @TempDir
    Path tmp;

    @Test
    void execDefinesGlobalsReadBackWithGetValue() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("x = 6 * 7\ny = 'hello' + ' ' + 'world'");
            assertEquals(42L, interp.getValue("x"));
            assertEquals("hello world", interp.getValue("y"));
            assertEquals(84L, interp.getValue("x * 2"));
        }
    }

    @Test
    void execOfTheSameStringTwiceRunsItTwice() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("counter = 0");
            String code = "counter += 1";
            interp.exec(code);
            interp.exec(code);
            interp.exec(code);
            assertEquals(3L, interp.getValue("counter"));
        }
    }

    @Test
    void execOfEmptyCodeDoesNothing() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertDoesNotThrow(() -> interp.exec(""));
            assertDoesNotThrow(() -> interp.exec("# only a comment\n"));
            assertStillUsable(interp);
        }
    }

    @Test
    void evalRunsCompleteStatementsAndReturnsTrue() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertTrue(interp.eval("x = 5"));
            assertEquals(5L, interp.getValue("x"));
            assertTrue(interp.eval("x += 1"));
            assertEquals(6L, interp.getValue("x"));
        }
    }

    @Test
    void evalBuffersIncompleteStatementsUntilAnEmptyLine() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertFalse(interp.eval("def f(a):"), "an incomplete statement is buffered");
            assertFalse(interp.eval("    b = a * 2"));
            assertFalse(interp.eval("    return b + 1"));
            assertEquals(Boolean.FALSE, interp.getValue("'f' in globals()"), "f must not exist yet");
            assertTrue(interp.eval(""), "an empty line runs the buffer");
            assertEquals(Boolean.TRUE, interp.getValue("'f' in globals()"));
            assertEquals(21L, interp.invoke("f", 10));

            // the buffer was emptied: a following complete statement runs on its own
            assertTrue(interp.eval("z = f(1)"));
            assertEquals(3L, interp.getValue("z"));
        }
    }

    @Test
    void evalBuffersCompoundStatements() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("total = 0");
            assertFalse(interp.eval("for i in range(5):"));
            assertFalse(interp.eval("    total += i"));
            assertTrue(interp.eval(""));
            assertEquals(10L, interp.getValue("total"));
        }
    }

    @Test
    void runScriptDefinesCallableFunctions() {
        Path script = writeFile(tmp.resolve("calls_script.py"),
                "SCRIPT_VAR = 7\n"
                + "TEXT = 'é中😀'\n"
                + "def add(a, b):\n"
                + "    return a + b\n"
                + "class Acc:\n"
                + "    def __init__(self):\n"
                + "        self.items = []\n"
                + "    def push(self, x):\n"
                + "        self.items.append(x)\n"
                + "        return len(self.items)\n"
                + "acc = Acc()\n");
        try (Interpreter interp = new SharedInterpreter()) {
            interp.runScript(script.toString());
            assertEquals(7L, interp.getValue("SCRIPT_VAR"));
            assertEquals("é中😀", interp.getValue("TEXT"), "script source is read as UTF-8");
            assertEquals(5L, interp.invoke("add", 2, 3));
            assertEquals("ab", interp.invoke("add", "a", "b"));
            assertEquals(1L, interp.invoke("acc.push", "first"));
            assertEquals(2L, interp.invoke("acc.push", "second"));
            assertEquals(Arrays.asList("first", "second"), interp.getValue("acc.items"));
        }
    }

    @Test
    void runScriptOfMissingFileThrows() {
        String missing = tmp.resolve("does_not_exist.py").toString();
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertThrows(JepException.class, () -> interp.runScript(missing));
            TestSupport.messageOf(e);
            assertStillUsable(interp);
        }
    }

    @Test
    void runScriptInSubInterpreter() {
        Path script = writeFile(tmp.resolve("sub_script.py"), "def mul(a, b):\n    return a * b\n");
        try (Interpreter interp = new SubInterpreter()) {
            interp.runScript(script.toString());
            assertEquals(42L, interp.invoke("mul", 6, 7));
        }
    }

    @Test
    void invokeWithPositionalArgs() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def describe(*args):\n    return [type(a).__name__ for a in args]\n"
                    + "def add(a, b):\n    return a + b\n"
                    + "def nothing():\n    pass\n");
            assertEquals(7L, interp.invoke("add", 3, 4));
            assertEquals(2.5, interp.invoke("add", 1, 1.5));
            assertEquals(Arrays.asList("int", "str", "float", "NoneType", "bool"),
                    interp.invoke("describe", 1, "s", 2.0, null, true));
            assertEquals(List.of(), interp.invoke("describe"));
            assertNull(interp.invoke("nothing"), "None comes back as null");
        }
    }

    @Test
    void invokeWithKwargsOnly() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def kw(a, b=2, *, c=3):\n    return [a, b, c]");
            Map<String, Object> kwargs = new HashMap<>();
            kwargs.put("a", 1);
            kwargs.put("c", 5);
            assertEquals(Arrays.asList(1L, 2L, 5L), interp.invoke("kw", kwargs));
        }
    }

    @Test
    void invokeWithArgsAndKwargs() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def kw(a, b=2, *, c=3, **rest):\n"
                    + "    return [a, b, c, sorted(rest.items())]");
            Map<String, Object> kwargs = new LinkedHashMap<>();
            kwargs.put("c", 30);
            kwargs.put("zz", "extra");
            Object r = interp.invoke("kw", new Object[] {10, 20}, kwargs);
            assertEquals(Arrays.asList(10L, 20L, 30L, Arrays.asList(Arrays.asList("zz", "extra"))), r);

            assertEquals(Arrays.asList(7L, 2L, 3L, List.of()),
                    interp.invoke("kw", new Object[] {7}, new HashMap<>()));
        }
    }

    @Test
    void invokeDottedNames() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("class C:\n"
                    + "    def __init__(self):\n"
                    + "        self.base = 10\n"
                    + "    def add(self, x, y=0):\n"
                    + "        return self.base + x + y\n"
                    + "obj = C()\n"
                    + "import math");
            assertEquals(15L, interp.invoke("obj.add", 5));
            assertEquals(115L, interp.invoke("obj.add", new Object[] {5}, Map.of("y", 100)));
            assertEquals(5.0, interp.invoke("math.hypot", 3.0, 4.0));
            assertEquals(3L, interp.invoke("math.gcd", 12, 9));
            interp.exec("import os.path");
            assertEquals("a/b", interp.invoke("os.path.join", "a", "b"));
        }
    }

    @Test
    void invokeResultIsConverted() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def make():\n    return {'k': [1, 2.5, 'x', None, True]}");
            Object r = interp.invoke("make");
            assertTrue(r instanceof HashMap, () -> "dict -> HashMap, got " + r);
            assertEquals(Arrays.asList(1L, 2.5, "x", null, true), ((Map<?, ?>) r).get("k"));
        }
    }

    @Test
    void setThenGetValue() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("x", 5);
            assertEquals(5L, interp.getValue("x"));
            assertEquals(Integer.valueOf(5), interp.getValue("x", Integer.class));
            interp.set("x", "replaced");
            assertEquals("replaced", interp.getValue("x"));
            interp.set("name", "krait");
            interp.exec("greeting = 'hi ' + name");
            assertEquals("hi krait", interp.getValue("greeting"));
            assertArrayEquals(new int[] {1, 2, 3}, interp.getValue("[1, 2, 3]", int[].class));
        }
    }

    @Test
    void closeIsIdempotentAndCallsAfterCloseThrow() {
        Interpreter interp = new SharedInterpreter();
        interp.exec("x = 1");
        interp.close();
        assertDoesNotThrow(interp::close, "second close is a no-op");
        assertThrows(JepException.class, () -> interp.exec("x = 2"));
        assertThrows(JepException.class, () -> interp.eval("x = 2"));
        assertThrows(JepException.class, () -> interp.getValue("x"));
        assertThrows(JepException.class, () -> interp.getValue("x", Long.class));
        assertThrows(JepException.class, () -> interp.set("x", 3));
        assertThrows(JepException.class, () -> interp.invoke("len", "abc"));
        assertThrows(JepException.class, () -> interp.invoke("len", Map.of()));
        assertThrows(JepException.class, () -> interp.invoke("len", new Object[] {"a"}, Map.of()));
        assertThrows(JepException.class, () -> interp.runScript(tmp.resolve("x.py").toString()));
        assertDoesNotThrow(interp::close);

        // the thread is free again
        try (Interpreter again = new SharedInterpreter()) {
            assertEquals(Boolean.FALSE, again.getValue("'x' in globals()"), "globals are per instance");
        }
    }

    @Test
    void subInterpreterCloseIsIdempotentAndCallsAfterCloseThrow() {
        Interpreter interp = new SubInterpreter();
        interp.exec("x = 1");
        interp.close();
        assertDoesNotThrow(interp::close);
        assertThrows(JepException.class, () -> interp.exec("x = 2"));
        assertThrows(JepException.class, () -> interp.getValue("x"));
        assertThrows(JepException.class, () -> interp.set("x", 3));
        assertThrows(JepException.class, () -> interp.invoke("len", "abc"));
        try (Interpreter again = new SubInterpreter()) {
            assertEquals(2L, again.getValue("1 + 1"));
        }
    }

    @Test
    void subInterpreterSupportsTheSameCalls() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec("import math\ndef sq(v):\n    return v * v");
            assertEquals(49L, interp.invoke("sq", 7));
            assertEquals(5.0, interp.invoke("math.hypot", 3.0, 4.0));
            interp.set("s", "A😀B");
            assertEquals(3L, interp.getValue("len(s)"));
            assertFalse(interp.eval("if True:"));
            assertFalse(interp.eval("    w = 9"));
            assertTrue(interp.eval(""));
            assertEquals(9L, interp.getValue("w"));
        }
    }
}
