package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.runChildJvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import krait.test.TestSupport.ChildResult;

/**
 * Self-loading, each in a fresh child JVM (with -Xcheck:jni, which must print no JNI warning)
 * running {@link ProbeMain}: the jar finds and starts the Python named by -Dkrait.python or by
 * KRAIT_PYTHON, or the one of an active virtualenv (VIRTUAL_ENV, whose site-packages is then on
 * sys.path for Shared and Sub interpreters); C extensions import normally; a bad krait.python, or no
 * Python at all, gives a JepException that says what was tried.
 */
class SelfLoadingTest {

    /** Run in both interpreters of the probe: C extensions work and the stdlib is complete. */
    private static final List<String> C_EXTENSION_ARGS = Arrays.asList(
            "exec:import math, _ctypes, json, decimal",
            "str(decimal.Decimal('1.1') + decimal.Decimal('2.2'))",
            "math.sqrt(16.0)",
            "type(_ctypes.Structure).__name__");

    private static void assertCExtensionsWork(ChildResult r) {
        for (String prefix : new String[] {"eval.", "sub.eval."}) {
            assertEquals("ok", r.value(prefix + "0"), r::describe);
            assertEquals("3.3", r.value(prefix + "1"), r::describe);
            assertEquals("4.0", r.value(prefix + "2"), r::describe);
            assertEquals("PyCStructType", r.value(prefix + "3"), r::describe);
        }
    }

    private static String realPath(String p) {
        try {
            return Paths.get(p).toRealPath().toString();
        } catch (IOException e) {
            return p;
        }
    }

    private static void assertRuns(ChildResult r, String python, String version) {
        r.assertNoJniWarnings().assertSuccess();
        assertEquals(version, r.value("shared.version"), r::describe);
        assertEquals(version, r.value("sub.version"), r::describe);
        assertEquals("{\"a\": [1, 2]}", r.value("sub.json"), r::describe);
        String home = Paths.get(realPath(python)).getParent().getParent().toString();
        assertEquals(home, realPath(r.value("shared.base_prefix")), () -> "sys.base_prefix\n" + r.describe());
        String lib = r.value("libpython");
        assertTrue(lib != null && (lib.equals("none") || lib.contains("python" + version)),
                () -> "libpython " + lib + " should be Python " + version + "\n" + r.describe());
        assertCExtensionsWork(r);
    }

    private static void assumePython(String python) {
        assumeTrue(new File(python).canExecute(), "no Python at " + python);
    }

    /**
     * Two distinct tested CPythons (the oldest and the newest of pythons.txt's "test" minors), so
     * that each of the two choosing tests below loads a different one than the other.
     */
    private static List<TestedPython> twoTestedPythons() {
        List<TestedPython> all = TestedPython.all();
        assumeTrue(all.size() >= 2, () -> "needs two tested CPythons, found " + all);
        TestedPython oldest = all.get(0);
        TestedPython newest = all.get(all.size() - 1);
        assertNotEquals(oldest.minor(), newest.minor(), () -> "two entries for one minor: " + all);
        assumePython(oldest.executable());
        assumePython(newest.executable());
        return List.of(oldest, newest);
    }

    @Test
    void systemPropertyChoosesTheNewestTestedPython() {
        TestedPython py = twoTestedPythons().get(1);
        ChildResult r = runChildJvm(List.of("-Dkrait.python=" + py.executable()), Map.of(), ProbeMain.class,
                C_EXTENSION_ARGS);
        assertRuns(r, py.executable(), py.version());
    }

    @Test
    void environmentVariableChoosesTheOldestTestedPython() {
        TestedPython py = twoTestedPythons().get(0);
        ChildResult r = runChildJvm(List.of(), Map.of("KRAIT_PYTHON", py.executable()), ProbeMain.class,
                C_EXTENSION_ARGS);
        assertRuns(r, py.executable(), py.version());
    }

    @Test
    void nonexistentPythonInSystemProperty() {
        ChildResult r = runChildJvm(List.of("-Dkrait.python=/nonexistent/python3"), Map.of(),
                ProbeMain.class, List.of());
        r.assertNoJniWarnings();
        assertNotEquals(0, r.exitCode, r::describe);
        assertEquals("jep.JepException", r.value("error.class"), r::describe);
        assertContainsAll(r.value("error.message"), "krait.python", "/nonexistent/python3");
    }

    @Test
    void noPythonAnywhereListsWhatWasTried() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "");
        ChildResult r = runChildJvm(List.of(), env, ProbeMain.class, List.of());
        r.assertNoJniWarnings();
        assertNotEquals(0, r.exitCode, r::describe);
        assertEquals("jep.JepException", r.value("error.class"), r::describe);
        assertContainsAll(r.value("error.message"), "krait.python", "KRAIT_PYTHON", "VIRTUAL_ENV", "PATH");
    }

    @Test
    void unsupportedPythonVersionIsRefused() {
        String py = System.getProperty("user.home") + "/.pyenv/versions/3.9.18/bin/python3";
        assumePython(py);
        ChildResult r = runChildJvm(List.of("-Dkrait.python=" + py), Map.of(), ProbeMain.class, List.of());
        r.assertNoJniWarnings();
        assertNotEquals(0, r.exitCode, r::describe);
        assertEquals("jep.JepException", r.value("error.class"), r::describe);
        assertContainsAll(r.value("error.message"), "3.9");
    }

    @Test
    void virtualenvIsUsed(@TempDir Path tmp) throws Exception {
        TestedPython python = TestedPython.newest();
        String py = python.executable();
        assumePython(py);
        Path venv = tmp.resolve("venv");
        Process p = new ProcessBuilder(py, "-m", "venv", "--without-pip", venv.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "venv creation timed out");
        assertEquals(0, p.exitValue(), () -> "venv creation failed: " + out);

        Path site = venv.resolve("lib/python" + python.version() + "/site-packages");
        assertTrue(Files.isDirectory(site), () -> "no site-packages at " + site);
        TestSupport.writeFile(site.resolve("kraitvenvmarker/__init__.py"), "MARKER = 'venv-ok'\n");

        List<String> args = new ArrayList<>(C_EXTENSION_ARGS);
        args.add("exec:import kraitvenvmarker");
        args.add("kraitvenvmarker.MARKER");
        args.add("any(os.path.realpath(p) == os.path.realpath(r'" + site + "') for p in sys.path)");

        Map<String, String> env = new HashMap<>();
        env.put("VIRTUAL_ENV", venv.toString());
        env.put("PATH", TestSupport.pathWithoutPyenv());
        ChildResult r = runChildJvm(List.of(), env, ProbeMain.class, args);
        r.assertNoJniWarnings().assertSuccess();
        assertEquals(python.version(), r.value("shared.version"), r::describe);
        assertEquals(python.version(), r.value("sub.version"), r::describe);
        assertCExtensionsWork(r);
        int n = C_EXTENSION_ARGS.size();
        for (String prefix : new String[] {"eval.", "sub.eval."}) {
            assertEquals("ok", r.value(prefix + n), () -> prefix + ": import kraitvenvmarker\n" + r.describe());
            assertEquals("venv-ok", r.value(prefix + (n + 1)), r::describe);
            assertEquals("true", r.value(prefix + (n + 2)), () -> prefix + ": venv site-packages on sys.path\n" + r.describe());
        }
    }
}
