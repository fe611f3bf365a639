package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.assertJepException;
import static krait.test.TestSupport.assertStillUsable;
import static krait.test.TestSupport.messageOf;
import static krait.test.TestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;
import jep.python.PyCallable;
import jep.python.PyObject;

/**
 * Behaviours of the {@code jep} API that Jep 4.3.2's own tests check: {@code PyObject.equals},
 * {@code getValue(expr, String.class)}, {@code eval} of a whole block, {@code runScript} of a
 * {@code .pyc}, varargs of Python proxies, shared modules keeping their spec, the globals a new
 * interpreter starts with, and refusing to close a sub-interpreter whose Python threads still run.
 */
class JepBehaviourTest {

    @TempDir
    Path tmp;

    @Test
    void pyObjectEqualsOnlyOtherPyObjects() {
        try (Interpreter interp = new SubInterpreter()) {
            PyObject text = interp.getValue("'my python string'", PyObject.class);
            assertFalse(text.equals("my python string"), "a PyObject never equals a Java String");
            PyObject one = interp.getValue("1", PyObject.class);
            assertFalse(one.equals(1), "nor a Java Integer");
            assertFalse(Integer.valueOf(1).equals(one));
            PyObject object = interp.getValue("object", PyObject.class);
            PyCallable callable = interp.getValue("object", PyCallable.class);
            assertTrue(object.equals(callable) && callable.equals(object), "Python == between PyObjects");
            assertEquals(interp.getValue("'xyz'", PyObject.class), interp.getValue("'xy' + 'z'", PyObject.class));
            assertNotEquals(one, interp.getValue("2", PyObject.class));
            PyObject closed = interp.getValue("1", PyObject.class);
            closed.close();
            assertFalse(one.equals(closed), "a closed PyObject equals only itself");
            assertTrue(closed.equals(closed));
        }
    }

    @Test
    void getValueAsStringTakesTheStrOfOtherObjects() {
        try (Interpreter interp = new SubInterpreter()) {
            assertEquals("<class 'object'>", interp.getValue("object", String.class));
            assertTrue(interp.getValue("object()", String.class).startsWith("<object object at "));
            interp.exec("class C:\n    def __str__(self):\n        return 'a C'");
            assertEquals("a C", interp.getValue("C()", String.class));
            assertEquals("abc", interp.getValue("'abc'", String.class));
            // Values with a Java value of their own are not turned into text (as in Jep).
            for (String expr : new String[] {"1", "1.5", "True", "[1]", "(1,)", "{'a': 1}", "b'x'"}) {
                assertThrows(JepException.class, () -> interp.getValue(expr, String.class), expr);
            }
        }
    }

    @Test
    void evalRunsAWholeBlockAtOnce() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertTrue(interp.eval("def f(a):\n    b = a * 2\n    return b + 1"), "a complete block runs at once");
            assertEquals(21L, interp.invoke("f", 10));
            assertTrue(interp.eval("try:\n  x = f(1)\nexcept NameError:\n  pass"));
            assertEquals(3L, interp.getValue("x"));
            assertTrue(interp.eval("import threading"), "the statement after a block runs on its own");
            assertFalse(interp.eval(""), "an empty line with nothing buffered runs nothing");
            assertFalse(interp.eval(null));
            assertFalse(interp.eval("   "));
            JepException e = assertJepException(interp, () -> interp.eval("x = = 1"));
            assertTrue(messageOf(e).contains("SyntaxError"), messageOf(e));
        }
    }

    @Test
    void runScriptRunsACompiledScript() throws Exception {
        Path source = writeFile(tmp.resolve("compiled_script.py"), "def is_good():\n    return 'yes'\n");
        Path compiled = tmp.resolve("compiled_script.pyc");
        try (Interpreter interp = new SubInterpreter()) {
            interp.set("src", source.toString());
            interp.set("dst", compiled.toString());
            interp.exec("import py_compile\npy_compile.compile(src, cfile=dst, doraise=True)");
            interp.runScript(compiled.toString());
            assertEquals("yes", interp.getValue("is_good()"));
        }
        Path bogus = writeFile(tmp.resolve("bogus.pyc"), "not bytecode at all");
        try (Interpreter interp = new SubInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.runScript(bogus.toString()));
            assertContainsAll(messageOf(e), "magic number");
            assertStillUsable(interp);
        }
    }

    /** An interface with varargs methods, as a Python object implements it. */
    public interface VarArgs {
        /**
         * All the arguments.
         *
         * @param args the arguments
         * @return them
         */
        String[] all(String... args);

        /**
         * The arguments after the first.
         *
         * @param first the first argument
         * @param rest the others
         * @return the others
         */
        int[] rest(int first, int... rest);
    }

    @Test
    void proxiesSpreadVarArgsIntoPythonArguments() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec("class V:\n    def all(self, *args):\n        return args\n"
                    + "    def rest(self, first, *rest):\n        return rest");
            VarArgs v = interp.getValue("V()", PyObject.class).proxy(VarArgs.class);
            assertArrayEquals(new String[] {"One", "Two"}, v.all("One", "Two"));
            assertArrayEquals(new String[0], v.all());
            assertArrayEquals(new int[] {2, 3}, v.rest(1, 2, 3));
            assertArrayEquals(new int[0], v.rest(1));
        }
    }

    @Test
    void sharedModulesKeepTheirSpecAndLoader() {
        JepConfig config = new JepConfig().addSharedModules("datetime");
        try (Interpreter interp = new SubInterpreter(config)) {
            interp.exec("import datetime, sys");
            assertEquals(Boolean.TRUE, interp.getValue("datetime.__loader__ == datetime.__spec__.loader"));
            assertEquals(Boolean.FALSE, interp.getValue("datetime.__spec__._initializing"));
            assertEquals(Boolean.TRUE, interp.getValue("sys.modules['datetime'] is datetime"));
            assertEquals("datetime", interp.getValue("datetime.__spec__.name"));
        }
    }

    @Test
    void globalsStartWithJepAndSysWithIncludePaths() {
        try (Interpreter interp = new SubInterpreter()) {
            assertEquals(Boolean.TRUE, interp.getValue("'jep' in globals()"));
        }
        try (Interpreter interp = new SharedInterpreter()) {
            assertEquals(Boolean.TRUE, interp.getValue("'jep' in globals()"));
        }
        JepConfig withPath = new JepConfig().addIncludePaths(tmp.toString());
        try (Interpreter interp = new SubInterpreter(withPath)) {
            assertEquals(Boolean.TRUE, interp.getValue("sys.path[0] == " + pyString(tmp.toString())));
        }
    }

    private static String pyString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void subInterpreterOptionsCPythonCannotHonourAreRefusedBeforeOpening() {
        assumeTrue(TestSupport.pythonMinor() >= 12, "options are ignored before Python 3.12");
        Object outcome = TestSupport.onNewThread(() -> {
            JepConfig isolatedShared = new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated())
                    .addSharedModules("os");
            JepException e = assertThrows(JepException.class, () -> new SubInterpreter(isolatedShared));
            assertEquals("Shared modules cannot be used with isolated interpreters.", e.getMessage());
            SubInterpreterOptions ownAllocator = SubInterpreterOptions.legacy().setUseMainObmalloc(false);
            JepConfig ownAllocatorShared = new JepConfig().setSubInterpreterOptions(ownAllocator)
                    .addSharedModules("os");
            e = assertThrows(JepException.class, () -> new SubInterpreter(ownAllocatorShared));
            assertEquals("Shared modules can only be used with a shared allocator.", e.getMessage());
            IllegalStateException invalid = assertThrows(IllegalStateException.class,
                    () -> new SubInterpreter(new JepConfig().setSubInterpreterOptions(ownAllocator)));
            assertContainsAll(invalid.getMessage(), "obmalloc does not support", "checkMultiInterpExtensions");
            // Nothing was left open on the thread.
            try (Interpreter interp = new SubInterpreter(
                    new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated()))) {
                return interp.getValue("6 * 7");
            }
        });
        assertEquals(42L, outcome);
    }

    @Test
    void threadsTheHostThreadStartsInASubInterpreterAreNotDaemonsUnlessAsked() {
        // CPython 3.13 made the host thread a daemon _DummyThread there (its threads inherited
        // daemon=True, so close() stopped them instead of refusing); krait keeps 3.12's default.
        try (Interpreter interp = new SubInterpreter()) {
            interp.exec("import threading\nplain = threading.Thread(target=lambda: None)\n"
                    + "asked = threading.Thread(target=lambda: None, daemon=True)");
            assertEquals(false, interp.getValue("threading.current_thread().daemon"));
            assertEquals(false, interp.getValue("plain.daemon"));
            assertEquals(true, interp.getValue("asked.daemon"));
            assertEquals(true, interp.getValue("threading.__spec__.loader.get_source('threading') is not None"));
        }
    }

    @Test
    void closingASubInterpreterWithRunningPythonThreadsThrowsAndKeepsItUsable() throws Exception {
        try (Interpreter interp = new SubInterpreter()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            interp.set("started", started);
            interp.set("done", done);
            interp.exec("import threading\ndef run():\n    started.countDown()\n    getattr(done, 'await')()\n"
                    + "t = threading.Thread(target=run)\nt.start()");
            started.await();
            JepException refused = assertThrows(JepException.class, interp::close);
            assertContainsAll(messageOf(refused), "thread");
            done.countDown();
            interp.exec("t.join()");
            assertStillUsable(interp);
        }
    }
}
