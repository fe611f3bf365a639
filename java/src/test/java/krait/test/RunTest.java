package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jep.Run;

/**
 * {@code jep.Run} and the {@code krait} launcher, each run in a child JVM (with -Xcheck:jni)
 * with a script and arguments or with interactive input piped to standard input.
 */
class RunTest {

    @TempDir
    Path tmp;

    @Test
    void runsAScriptWithArgvAndItsDirectoryOnSysPath() {
        Path script = TestSupport.writeFile(tmp.resolve("scripts/show.py"), String.join("\n",
                "import sys",
                "import helper",
                "print('argv=' + repr(sys.argv))",
                "print('name=' + __name__)",
                "print('helper=' + helper.VALUE)",
                ""));
        TestSupport.writeFile(tmp.resolve("scripts/helper.py"), "VALUE = 'found'\n");
        Result r = run("", command(script.toString(), "a", "b c", "-i"));
        assertEquals(0, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "argv=['" + script + "', 'a', 'b c', '-i']", "name=__main__", "helper=found");
    }

    @Test
    void aPythonErrorPrintsATracebackAndExitsWith1() {
        Path script = TestSupport.writeFile(tmp.resolve("fail.py"), String.join("\n",
                "print('before')",
                "def fail(n):",
                "    raise ValueError('bad ' + str(n))",
                "fail(3)",
                "print('not reached')",
                ""));
        Result r = run("", command(script.toString()));
        assertEquals(1, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "before");
        assertFalse(r.stdout.contains("not reached"), r::describe);
        // As CPython prints it: full file names and the source lines.
        String file = script.toAbsolutePath().toString();
        assertContainsAll(r.stderr, "Traceback (most recent call last):\n"
                + "  File \"" + file + "\", line 4, in <module>\n"
                + "    fail(3)\n",
                "  File \"" + file + "\", line 3, in fail\n"
                + "    raise ValueError('bad ' + str(n))\n",
                "ValueError: bad 3");
    }

    @Test
    void systemExitSetsTheExitStatus() {
        assertEquals(3, run("", command(script("import sys\nprint('out')\nsys.exit(3)\n"))).exitCode);
        assertEquals(0, run("", command(script("import sys\nsys.exit()\n"))).exitCode);
        assertEquals(0, run("", command(script("raise SystemExit(None)\n"))).exitCode);
        Result message = run("", command(script("raise SystemExit('goodbye')\n")));
        assertEquals(1, message.exitCode, message::describe);
        assertContainsAll(message.stderr, "goodbye");
    }

    @Test
    void theInteractivePromptRunsBlocksAndShowsTracebacks() {
        String input = "x = 6*7\nprint(x)\ndef f():\n    return 1\n\nprint(f())\n1/0\nprint(\"after\")\n";
        Result r = run(input, command());
        assertEquals(0, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "42", "1", "after");
        assertContainsAll(r.stderr, "Python 3.", "Traceback (most recent call last):", "ZeroDivisionError");
        assertTrue(r.stdout.indexOf("42") < r.stdout.indexOf("after"), r::describe);
    }

    @Test
    void exitEndsThePromptWithItsCode() {
        Result r = run("print('hi')\nexit(4)\nprint('not reached')\n", command());
        assertEquals(4, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "hi");
        assertFalse(r.stdout.contains("not reached"), r::describe);
    }

    @Test
    void dashIRunsThePromptAfterTheScript() {
        Path script = TestSupport.writeFile(tmp.resolve("setup.py"), "x = 5\n");
        Result r = run("print(x * 2)\n", command("-i", script.toString()));
        assertEquals(0, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "10");
    }

    @Test
    void thePromptReadsBlocksFromPipedInput() {
        // Not a terminal: blocks end with an empty line, as in Python's own console.
        String input = "def f(a):\n    b = a * 2\n    return b + 1\n\nfor i in range(2):\n    print('i', i)\n\n"
                + "print('f', f(10))\nf(1)\n";
        Result r = run(input, command());
        assertEquals(0, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "i 0", "i 1", "f 21", "3");
    }

    @Test
    void badArgumentsExitWith2() {
        Result missing = run("", command(tmp.resolve("missing.py").toString()));
        assertEquals(2, missing.exitCode, missing::describe);
        assertContainsAll(missing.stderr, "missing.py");
        Result option = run("", command("-x"));
        assertEquals(2, option.exitCode, option::describe);
        assertContainsAll(option.stderr, "usage: jep.Run");
    }

    @Test
    void theLauncherScriptRunsJepRun() {
        Path launcher = repoRoot().resolve("krait");
        assertTrue(launcher.toFile().canExecute(), launcher + " should be executable");
        List<String> cmd = List.of("bash", launcher.toString(), script("import sys\nprint('launched', sys.argv[1:])\n"), "x");
        Map<String, String> env = Map.of(
                "KRAIT_JAR", codeSource(Run.class),
                "CLASSPATH", codeSource(RunTest.class),
                "KRAIT_JAVA_OPTS", "-Xcheck:jni " + pythonOption());
        Result r = exec(cmd, env, "");
        assertEquals(0, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "launched ['x']");
    }

    // ------------------------------------------------------------------ helpers

    /** What a child process did. */
    private record Result(int exitCode, String stdout, String stderr, List<String> command) {

        String describe() {
            return "command: " + String.join(" ", command) + "\nexit code: " + exitCode
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private String script(String source) {
        try {
            Path file = java.nio.file.Files.createTempFile(tmp, "script", ".py");
            return TestSupport.writeFile(file, source).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A java command running jep.Run with the Python under test, under -Xcheck:jni. */
    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xcheck:jni");
        cmd.add("-Xmx256m");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("krait.") && !name.startsWith("krait.python")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.add(pythonOption());
        cmd.add("-cp");
        cmd.add(TestSupport.childClassPath());
        cmd.add(Run.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String pythonOption() {
        String python = System.getProperty("krait.python");
        return "-Dkrait.python=" + (python == null || python.isEmpty() ? TestedPython.newest().executable() : python);
    }

    private Result run(String stdin, List<String> cmd) {
        Result r = exec(cmd, Map.of(), stdin);
        assertFalse(r.stderr.contains(TestSupport.JNI_WARNING), r::describe);
        return r;
    }

    private static Result exec(List<String> cmd, Map<String, String> envChanges, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        for (String v : TestSupport.PYTHON_ENV_VARS) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(envChanges);
        try {
            Process p = pb.start();
            CompletableFuture<String> out = readAsync(p.getInputStream());
            CompletableFuture<String> err = readAsync(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("child did not finish within 90 s: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), TestSupport.await(out, 10), TestSupport.await(err, 10), cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<read failed: " + e + ">";
            }
        }, task -> {
            Thread t = new Thread(task, "krait-run-test-reader");
            t.setDaemon(true);
            t.start();
        });
    }

    private static String codeSource(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository root: the parent of the Maven module directory. */
    static Path repoRoot() {
        return Paths.get(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath().getParent();
    }
}
