package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.assertJepException;
import static krait.test.TestSupport.messageOf;
import static krait.test.TestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Python errors as JepExceptions: the message starts with the Python type
 * ({@code <class 'ValueError'>: bad}), the stack trace starts with the Python frames (file,
 * function, line; innermost first) followed by the Java frames, syntax errors carry their line, and
 * the interpreter keeps working after every error, for exec, eval, runScript, invoke and getValue.
 */
class PythonErrorTest {

    @TempDir
    Path tmp;

    /** A script whose line numbers the stack-trace tests rely on. */
    private static final String SCRIPT =
            "def inner(x):\n"               // 1
            + "    y = x + 1\n"             // 2
            + "    raise RuntimeError('deep %d' % y)\n" // 3
            + "\n"                          // 4
            + "def outer(x):\n"             // 5
            + "    z = x * 2\n"             // 6
            + "    return inner(z)\n"       // 7
            + "\n"                          // 8
            + "def fine():\n"               // 9
            + "    return 'fine'\n";        // 10

    private static String frames(StackTraceElement[] st) {
        return Arrays.stream(st).limit(12).map(String::valueOf).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private static void assertPythonFrame(StackTraceElement el, Path script, String function, int line, StackTraceElement[] all) {
        String file = el.getFileName();
        assertTrue(file != null && (file.equals(script.toString()) || file.endsWith(script.getFileName().toString())),
                () -> "frame " + el + " should be in " + script + frames(all));
        assertEquals(function, el.getMethodName(), () -> "function of frame " + el + frames(all));
        assertEquals(line, el.getLineNumber(), () -> "line of frame " + el + frames(all));
    }

    private void assertJavaFramesFollow(StackTraceElement[] st, int pythonFrames) {
        String me = getClass().getName();
        boolean found = false;
        for (int i = pythonFrames; i < st.length; i++) {
            if (st[i].getClassName().equals(me) || st[i].getClassName().startsWith(me + "$")) {
                found = true;
                break;
            }
        }
        assertTrue(found, () -> "Java frames of " + me + " should follow the Python frames" + frames(st));
    }

    @Test
    void execRaiseGivesTypeAndMessage() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.exec("raise ValueError('bad')"));
            assertTrue(messageOf(e).startsWith("<class 'ValueError'>: bad"), e::getMessage);
        }
    }

    @Test
    void variousBuiltinExceptions() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.exec("1 / 0"));
            assertTrue(messageOf(e).startsWith("<class 'ZeroDivisionError'>:"), e::getMessage);
            e = assertJepException(interp, () -> interp.exec("{}['missing']"));
            assertTrue(messageOf(e).startsWith("<class 'KeyError'>:"), e::getMessage);
            assertContainsAll(e.getMessage(), "missing");
            e = assertJepException(interp, () -> interp.getValue("undefined_name_xyz"));
            assertTrue(messageOf(e).startsWith("<class 'NameError'>:"), e::getMessage);
            assertContainsAll(e.getMessage(), "undefined_name_xyz");
            e = assertJepException(interp, () -> interp.exec("import krait_no_such_module_xyz"));
            assertTrue(messageOf(e).startsWith("<class 'ModuleNotFoundError'>:"), e::getMessage);
            e = assertJepException(interp, () -> interp.exec("raise ValueError()"));
            assertTrue(messageOf(e).startsWith("<class 'ValueError'>"), e::getMessage);
        }
    }

    @Test
    void userDefinedExceptionClass() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("class KraitCustomError(Exception):\n    pass");
            JepException e = assertJepException(interp, () -> interp.exec("raise KraitCustomError('custom text')"));
            assertTrue(messageOf(e).startsWith("<class '"), e::getMessage);
            assertContainsAll(e.getMessage(), "KraitCustomError'>: custom text");
        }
    }

    @Test
    void nonAsciiExceptionMessage() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.exec("raise ValueError('caf\u00e9 \u4e2d \uD83D\uDE00')"));
            assertTrue(messageOf(e).startsWith("<class 'ValueError'>: caf\u00e9 \u4e2d \uD83D\uDE00"), e::getMessage);
        }
    }

    @Test
    void stackTraceOfInvokeStartsWithPythonFrames() {
        Path script = writeFile(tmp.resolve("krait_err_script.py"), SCRIPT);
        try (Interpreter interp = new SharedInterpreter()) {
            interp.runScript(script.toString());
            JepException e = assertJepException(interp, () -> interp.invoke("outer", 20));
            assertTrue(messageOf(e).startsWith("<class 'RuntimeError'>: deep 41"), e::getMessage);
            StackTraceElement[] st = e.getStackTrace();
            assertTrue(st.length >= 3, () -> "stack trace too short" + frames(st));
            assertPythonFrame(st[0], script, "inner", 3, st);
            assertPythonFrame(st[1], script, "outer", 7, st);
            assertJavaFramesFollow(st, 2);
            assertEquals("fine", interp.invoke("fine"), "interpreter and script functions still work");
        }
    }

    @Test
    void stackTraceOfExecStartsWithPythonFrames() {
        Path script = writeFile(tmp.resolve("krait_err_script2.py"), SCRIPT);
        try (Interpreter interp = new SharedInterpreter()) {
            interp.runScript(script.toString());
            JepException e = assertJepException(interp, () -> interp.exec("outer(1)"));
            assertTrue(messageOf(e).startsWith("<class 'RuntimeError'>: deep 3"), e::getMessage);
            StackTraceElement[] st = e.getStackTrace();
            assertPythonFrame(st[0], script, "inner", 3, st);
            assertPythonFrame(st[1], script, "outer", 7, st);
            assertJavaFramesFollow(st, 2);
        }
    }

    @Test
    void errorRaisedWhileRunningAScript() {
        Path script = writeFile(tmp.resolve("krait_err_toplevel.py"),
                "x = 1\n"
                + "def f():\n"
                + "    raise KeyError('top')\n"
                + "f()\n");
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.runScript(script.toString()));
            assertTrue(messageOf(e).startsWith("<class 'KeyError'>:"), e::getMessage);
            StackTraceElement[] st = e.getStackTrace();
            assertPythonFrame(st[0], script, "f", 3, st);
            assertEquals(4, st[1].getLineNumber(), () -> "module-level call line" + frames(st));
        }
    }

    @Test
    void syntaxErrorInExec() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.exec("a = 1\nx = = 1\nb = 2"));
            String m = messageOf(e);
            assertTrue(m.startsWith("<class 'SyntaxError'>:"), m);
            StackTraceElement[] st = e.getStackTrace();
            boolean line2 = m.contains("line 2") || (st.length > 0 && st[0].getLineNumber() == 2);
            assertTrue(line2, () -> "the error's line 2 should be in the message or the first frame: " + m + frames(st));
            assertEquals(Boolean.FALSE, interp.getValue("'a' in globals()"), "nothing of the bad code ran");
        }
    }

    @Test
    void syntaxErrorInScriptFile() {
        Path script = writeFile(tmp.resolve("krait_bad_syntax.py"), "ok = 1\n\ndef f(:\n    pass\n");
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.runScript(script.toString()));
            String m = messageOf(e);
            assertTrue(m.startsWith("<class 'SyntaxError'>:"), m);
            StackTraceElement[] st = e.getStackTrace();
            boolean line3 = m.contains("line 3") || (st.length > 0 && st[0].getLineNumber() == 3);
            assertTrue(line3, () -> "line 3 should be in the message or the first frame: " + m + frames(st));
        }
    }

    @Test
    void syntaxErrorInEvalAndGetValue() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.eval("x = = 1"));
            assertTrue(messageOf(e).startsWith("<class 'SyntaxError'>:"), e::getMessage);
            assertTrue(interp.eval("after = 3"), "the eval buffer was reset after the error");
            assertEquals(3L, interp.getValue("after"));
            e = assertJepException(interp, () -> interp.getValue("1 +"));
            assertTrue(messageOf(e).startsWith("<class 'SyntaxError'>:"), e::getMessage);
        }
    }

    @Test
    void errorInsideInvoke() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def boom(v):\n    raise KeyError(v)\ndef ok():\n    return 1");
            JepException e = assertJepException(interp, () -> interp.invoke("boom", "k"));
            assertTrue(messageOf(e).startsWith("<class 'KeyError'>:"), e::getMessage);
            assertContainsAll(e.getMessage(), "k");
            assertEquals("boom", e.getStackTrace()[0].getMethodName(), () -> frames(e.getStackTrace()));
            assertEquals(2, e.getStackTrace()[0].getLineNumber(), () -> frames(e.getStackTrace()));
            assertEquals(1L, interp.invoke("ok"));
        }
    }

    @Test
    void systemExitDoesNotExitTheJvm() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.exec("import sys\nsys.exit(3)"));
            assertTrue(messageOf(e).startsWith("<class 'SystemExit'>"), e::getMessage);
            e = assertJepException(interp, () -> interp.exec("raise SystemExit('bye')"));
            assertTrue(messageOf(e).startsWith("<class 'SystemExit'>"), e::getMessage);
        }
    }

    @Test
    void keyboardInterruptAndBaseExceptionAreReported() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.exec("raise KeyboardInterrupt()"));
            assertTrue(messageOf(e).startsWith("<class 'KeyboardInterrupt'>"), e::getMessage);
        }
    }

    @Test
    void recursionErrorIsAnException() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def r(n):\n    return r(n + 1)");
            JepException e = assertJepException(interp, () -> interp.invoke("r", 0));
            assertTrue(messageOf(e).startsWith("<class 'RecursionError'>"), e::getMessage);
        }
    }

    @Test
    void errorsInSubInterpreter() {
        Path script = writeFile(tmp.resolve("krait_err_sub.py"), SCRIPT);
        try (Interpreter interp = new SubInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.exec("raise ValueError('bad')"));
            assertTrue(messageOf(e).startsWith("<class 'ValueError'>: bad"), e::getMessage);
            interp.runScript(script.toString());
            e = assertJepException(interp, () -> interp.invoke("outer", 0));
            StackTraceElement[] st = e.getStackTrace();
            assertPythonFrame(st[0], script, "inner", 3, st);
            assertPythonFrame(st[1], script, "outer", 7, st);
        }
    }

    @Test
    void manyErrorsInARowDoNotLeakOrBreak() {
        try (Interpreter interp = new SharedInterpreter()) {
            for (int i = 0; i < 500; i++) {
                final int n = i;
                JepException e = assertThrows(JepException.class, () -> interp.exec("raise ValueError('n=%d' % " + n + ")"));
                assertTrue(e.getMessage().startsWith("<class 'ValueError'>: n=" + n), e::getMessage);
            }
            TestSupport.assertStillUsable(interp);
        }
    }
}
