package jep;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a Python program once to learn the facts krait needs to embed it: version, prefixes,
 * where its shared library is, and the site-packages of a virtualenv.
 */
final class PythonProbe {

    /** How long the Python may take to answer. */
    static final int TIMEOUT_SECONDS = 30;

    private static final int MAX_ERROR_CHARS = 2000;

    /**
     * The program given to {@code python -c}. It prints {@code key=value} lines, UTF-8
     * encoded, and stays valid for old Pythons so that their version can be reported.
     */
    private static final String SCRIPT = String.join("\n",
            "import sys, sysconfig",
            "def out(key, value):",
            "    line = key + '=' + ('' if value is None else str(value)) + '\\n'",
            "    sys.stdout.buffer.write(line.encode('utf-8', 'surrogateescape'))",
            "out('version', '%d.%d.%d' % tuple(sys.version_info[:3]))",
            "out('implementation', sys.implementation.name)",
            "out('executable', sys.executable)",
            "out('prefix', sys.prefix)",
            "out('base_prefix', sys.base_prefix)",
            "for key, name in (('libdir', 'LIBDIR'), ('instsoname', 'INSTSONAME'),",
            "                  ('ldlibrary', 'LDLIBRARY'), ('shared', 'Py_ENABLE_SHARED'),",
            "                  ('multiarch', 'MULTIARCH'), ('gil_disabled', 'Py_GIL_DISABLED')):",
            "    out(key, sysconfig.get_config_var(name))",
            "if sys.prefix != sys.base_prefix:",
            "    import site",
            "    for path in site.getsitepackages():",
            "        out('site', path)",
            "sys.stdout.flush()",
            "");

    private PythonProbe() {
    }

    /**
     * Runs {@code python -c <probe>} with the inherited environment.
     *
     * @param python the Python program
     * @return the standard output of the probe
     * @throws IOException with a readable reason when the program cannot be started, fails
     *     or does not answer within {@value #TIMEOUT_SECONDS} seconds
     */
    static String run(Path python) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(python.toString(), "-c", SCRIPT);
        // "-c" puts the working directory first on sys.path; "/" holds no module to shadow the stdlib.
        builder.directory(new File("/"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("it could not be started (" + e.getMessage() + ")", e);
        }
        process.getOutputStream().close();
        FutureTask<byte[]> stdout = drain(process.getInputStream(), "stdout");
        FutureTask<byte[]> stderr = drain(process.getErrorStream(), "stderr");
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("it did not answer within " + TIMEOUT_SECONDS + " seconds");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for it", e);
        }
        if (process.exitValue() != 0) {
            String errors = text(stderr).strip();
            if (errors.length() > MAX_ERROR_CHARS) {
                errors = errors.substring(errors.length() - MAX_ERROR_CHARS);
            }
            throw new IOException("it exited with status " + process.exitValue()
                    + (errors.isEmpty() ? "" : ": " + errors));
        }
        return text(stdout);
    }

    private static FutureTask<byte[]> drain(InputStream stream, String name) {
        FutureTask<byte[]> task = new FutureTask<>(() -> {
            try (InputStream in = stream) {
                return in.readAllBytes();
            }
        });
        Thread thread = new Thread(task, "krait-python-probe-" + name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static String text(FutureTask<byte[]> output) throws IOException {
        try {
            return new String(output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            throw new IOException("its output could not be read (" + e.getCause() + ")", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("its output did not end within " + TIMEOUT_SECONDS + " seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading its output", e);
        }
    }
}
