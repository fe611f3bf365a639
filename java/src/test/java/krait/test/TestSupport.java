package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;

/**
 * Shared helpers for the krait test suite: the Python version under test, running code on a
 * fresh thread, writing temporary scripts, and spawning a child JVM (for the self-loading tests).
 * Nothing here keeps an interpreter open on the calling thread.
 */
public final class TestSupport {

    /** Marker printed by the child JVM's stderr when -Xcheck:jni finds a problem. */
    public static final String JNI_WARNING = "WARNING in native method";

    private static volatile int pythonMinor = -1;

    private TestSupport() {
    }

    // ------------------------------------------------------------------ Python version

    /**
     * Waits until {@code condition} holds, failing the test after 20 s.
     *
     * @param what the awaited state, for the failure message
     * @param condition checked every 10 ms
     */
    public static void eventually(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < deadline,
                    "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }

    /**
     * The minor version (11, 12, ...) of the CPython that this JVM embeds. Found once by opening a
     * SharedInterpreter on a short-lived helper thread, so it is safe to call while the calling
     * thread has an interpreter open.
     */
    public static int pythonMinor() {
        int v = pythonMinor;
        if (v < 0) {
            synchronized (TestSupport.class) {
                v = pythonMinor;
                if (v < 0) {
                    v = onNewThread(() -> {
                        try (Interpreter interp = new SharedInterpreter()) {
                            return pythonMinor(interp);
                        }
                    });
                    pythonMinor = v;
                }
            }
        }
        return v;
    }

    /** The minor version of Python, read through an interpreter open on the calling thread. */
    public static int pythonMinor(Interpreter interp) {
        interp.exec("import sys");
        Object minor = interp.getValue("sys.version_info[1]");
        assertTrue(minor instanceof Number, "sys.version_info[1] should be a number, got " + minor);
        return ((Number) minor).intValue();
    }

    // ------------------------------------------------------------------ threads

    /** Runs {@code task} on a new thread and returns its result (waits at most 60 s). */
    public static <T> T onNewThread(Callable<T> task) {
        return onNewThread(task, 60);
    }

    /** Runs {@code task} on a new thread and returns its result, rethrowing what it threw. */
    public static <T> T onNewThread(Callable<T> task, int timeoutSeconds) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "krait-test-helper");
        t.setDaemon(true);
        t.start();
        return await(result, timeoutSeconds);
    }

    /** Waits for a future, unwrapping the exception it failed with. */
    public static <T> T await(Future<T> f, int timeoutSeconds) {
        try {
            return f.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new RuntimeException(cause);
        } catch (TimeoutException e) {
            return fail("task did not finish within " + timeoutSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Runs {@code r} on a new thread and returns what it threw, or null if it returned normally. */
    public static Throwable thrownOnNewThread(ThrowingRunnable r) {
        return onNewThread(() -> {
            try {
                r.run();
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
    }

    /** A Runnable that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ assertions

    /**
     * Asserts that {@code r} throws a JepException and that the interpreter can be used afterwards.
     * Returns the exception.
     */
    public static JepException assertJepException(Interpreter interp, ThrowingRunnable r) {
        JepException e = assertThrows(JepException.class, r::run);
        assertStillUsable(interp);
        return e;
    }

    /** Asserts that the interpreter still evaluates Python correctly. */
    public static void assertStillUsable(Interpreter interp) {
        interp.exec("__krait_probe = 6 * 7");
        assertEquals(42L, interp.getValue("__krait_probe"), "interpreter should still work");
        assertEquals(Boolean.TRUE, interp.getValue("len('abc') == 3"));
    }

    /** A non-null, non-empty exception message. */
    public static String messageOf(Throwable e) {
        String m = e.getMessage();
        assertTrue(m != null && !m.trim().isEmpty(), () -> "exception has no message: " + e);
        return m;
    }

    /** Asserts that {@code text} contains every one of {@code parts}. */
    public static void assertContainsAll(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text != null && text.contains(p),
                    () -> "expected to find \"" + p + "\" in:\n" + text);
        }
    }

    // ------------------------------------------------------------------ files

    /** Writes a UTF-8 file (creating parent directories) and returns its absolute path. */
    public static Path writeFile(Path path, String content) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.write(path, content.getBytes(StandardCharsets.UTF_8));
            return path.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ child JVMs

    /** What a child process did. */
    public static final class ChildResult {
        public final int exitCode;
        public final String stdout;
        public final String stderr;
        public final List<String> command;

        ChildResult(int exitCode, String stdout, String stderr, List<String> command) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.command = command;
        }

        /** The value printed as {@code key=value} on stdout, or null. */
        public String value(String key) {
            String prefix = key + "=";
            for (String line : stdout.split("\\R")) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            return null;
        }

        /** stdout and stderr together, for messages and substring checks. */
        public String output() {
            return stdout + "\n" + stderr;
        }

        public String describe() {
            return "command: " + String.join(" ", command) + "\nexit code: " + exitCode
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }

        /** Fails if -Xcheck:jni reported anything. */
        public ChildResult assertNoJniWarnings() {
            assertTrue(!stderr.contains(JNI_WARNING) && !stdout.contains(JNI_WARNING),
                    () -> "child JVM printed JNI warnings\n" + describe());
            return this;
        }

        public ChildResult assertSuccess() {
            assertEquals(0, exitCode, () -> "child JVM failed\n" + describe());
            assertTrue(stdout.contains(ProbeMain.DONE), () -> "child JVM did not finish\n" + describe());
            return this;
        }
    }

    /**
     * The classpath for a child JVM: the locations of the test classes and of the jep classes,
     * then this JVM's own classpath (Surefire may use a manifest-only jar).
     */
    public static String childClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(codeSource(ProbeMain.class));
        entries.add(codeSource(SharedInterpreter.class));
        String surefire = System.getProperty("surefire.test.class.path");
        for (String cp : new String[] {surefire, System.getProperty("java.class.path")}) {
            if (cp != null) {
                for (String e : cp.split(File.pathSeparator)) {
                    if (!e.isEmpty()) {
                        entries.add(e);
                    }
                }
            }
        }
        entries.remove(null);
        return String.join(File.pathSeparator, entries);
    }

    private static String codeSource(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
    }

    /** Environment variables that would make krait find a Python on their own. */
    public static final List<String> PYTHON_ENV_VARS =
            List.of("KRAIT_PYTHON", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH", "CONDA_PREFIX", "PYENV_VERSION");

    /**
     * Runs {@code mainClass} in a fresh JVM with -Xcheck:jni.
     *
     * @param jvmArgs     extra JVM options (e.g. -Dkrait.python=...)
     * @param envChanges  applied to this process's environment after removing
     *                    {@link #PYTHON_ENV_VARS}; a null value removes the variable
     * @param args        program arguments
     */
    public static ChildResult runChildJvm(List<String> jvmArgs, Map<String, String> envChanges,
            Class<?> mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xcheck:jni");
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        // Forward krait.* settings (e.g. where the native library is) except the Python choice.
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("krait.") && !name.startsWith("krait.python")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(childClassPath());
        cmd.add(mainClass.getName());
        cmd.addAll(args);

        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        for (String v : PYTHON_ENV_VARS) {
            env.remove(v);
        }
        for (Map.Entry<String, String> e : envChanges.entrySet()) {
            if (e.getValue() == null) {
                env.remove(e.getKey());
            } else {
                env.put(e.getKey(), e.getValue());
            }
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = readAsync(p.getInputStream());
            CompletableFuture<String> err = readAsync(p.getErrorStream());
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("child JVM did not finish within 90 s: " + String.join(" ", cmd)
                        + "\n--- stdout ---\n" + out.getNow("") + "\n--- stderr ---\n" + err.getNow(""));
            }
            return new ChildResult(p.exitValue(), await(out, 10), await(err, 10), cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream is = in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                is.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<read failed: " + e + ">";
            }
        }, r -> {
            Thread t = new Thread(r, "krait-test-child-reader");
            t.setDaemon(true);
            t.start();
        });
    }

    /** PATH of this process without any pyenv (or other obvious Python-manager) entries. */
    public static String pathWithoutPyenv() {
        String path = System.getenv("PATH");
        if (path == null) {
            return "/usr/bin:/bin";
        }
        List<String> kept = new ArrayList<>();
        for (String e : path.split(File.pathSeparator)) {
            if (!e.contains("pyenv") && !e.contains("conda") && !e.contains("virtualenv")) {
                kept.add(e);
            }
        }
        return String.join(File.pathSeparator, kept);
    }
}
