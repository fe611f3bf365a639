package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

/**
 * Runs the Python suite {@code tests/python/run_suite.py} inside this JVM, in a shared
 * interpreter, a legacy sub-interpreter and (on Python 3.12+) an isolated sub-interpreter,
 * each on a fresh thread, and checks that Java exceptions leaving Python carry their cause.
 */
class PythonSuiteTest {

    private static final int SUITE_TIMEOUT_SECONDS = 900;

    @TempDir
    Path tmp;

    /** The counts that run_suite.run() returned. */
    private record Counts(long passed, long failed, long skipped) {

        void assertPassed(String where) {
            assertEquals(0, failed, () -> where + ": " + this + " (the unittest output is in the test's output file)");
            assertTrue(passed > 0, () -> where + ": no test ran");
        }
    }

    @Test
    void suitePassesInASharedInterpreter() {
        Counts counts = TestSupport.onNewThread(() -> {
            try (Interpreter py = new SharedInterpreter()) {
                return runSuite(py);
            }
        }, SUITE_TIMEOUT_SECONDS);
        counts.assertPassed("SharedInterpreter");
    }

    @Test
    void suitePassesInALegacySubInterpreter() {
        Counts counts = TestSupport.onNewThread(() -> {
            try (Interpreter py = new SubInterpreter(new JepConfig())) {
                return runSuite(py);
            }
        }, SUITE_TIMEOUT_SECONDS);
        counts.assertPassed("legacy SubInterpreter");
    }

    @Test
    void suitePassesInAnIsolatedSubInterpreter() {
        assumeTrue(TestSupport.pythonMinor() >= 12, "isolated sub-interpreters need Python 3.12+");
        Counts counts = TestSupport.onNewThread(() -> {
            JepConfig config = new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated());
            try (Interpreter py = new SubInterpreter(config)) {
                return runSuite(py);
            }
        }, SUITE_TIMEOUT_SECONDS);
        counts.assertPassed("isolated SubInterpreter");
    }

    @Test
    void aJavaExceptionLeavingPythonIsTheCauseAndTheTraceShowsPythonFrames() {
        Path script = TestSupport.writeFile(tmp.resolve("failing.py"), String.join("\n",
                "from krait.fixtures import Thrower",
                "",
                "def call_java():",
                "    Thrower.illegalArgument('from java')",
                "",
                "call_java()",
                ""));
        JepException e = TestSupport.onNewThread(() -> {
            try (Interpreter py = new SharedInterpreter()) {
                return assertThrows(JepException.class, () -> py.runScript(script.toString()));
            }
        });
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause(),
                "the cause should be the original throwable");
        assertEquals("from java", cause.getMessage());
        assertContainsAll(e.getMessage(), "IllegalArgumentException", "from java");
        StackTraceElement[] trace = e.getStackTrace();
        assertTrue(Arrays.stream(trace).anyMatch(f -> "failing.py".equals(f.getFileName())
                && "call_java".equals(f.getMethodName()) && f.getLineNumber() == 4),
                () -> "no Python frame failing.call_java(failing.py:4) in " + Arrays.toString(trace));
        assertTrue(Arrays.stream(cause.getStackTrace()).anyMatch(f -> f.getClassName().equals("krait.fixtures.Thrower")));
    }

    /** Puts tests/python on sys.path, runs the suite and reads back its counts. */
    private static Counts runSuite(Interpreter py) {
        Path dir = RunTest.repoRoot().resolve("tests").resolve("python");
        assertTrue(Files.isRegularFile(dir.resolve("run_suite.py")), "no suite at " + dir);
        py.set("__krait_suite_dir", dir.toString());
        py.exec(String.join("\n",
                "import sys",
                "if __krait_suite_dir not in sys.path:",
                "    sys.path.insert(0, __krait_suite_dir)",
                "import run_suite",
                "__krait_counts = run_suite.run(verbosity=2)"));
        return new Counts(count(py, "passed"), count(py, "failed"), count(py, "skipped"));
    }

    private static long count(Interpreter py, String key) {
        return ((Number) py.getValue("__krait_counts['" + key + "']")).longValue();
    }
}
