package jep;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code krait.ProcessInterpreter} needs from this package to start its child: the
 * Python found by the same rules as in-process use ({@code krait.python},
 * {@code KRAIT_PYTHON}, a virtualenv, the {@code PyConfig} home), the {@code krait-worker}
 * executable for that Python's minor version (extracted from the jar like libkrait, or
 * the file named by the system property {@code krait.worker}), the start-up settings an
 * in-process start would use, and the redirections of a {@link JepConfig}. Called
 * reflectively so that none of it becomes public API.
 */
final class ProcessLaunch {

    /** The system property naming a worker executable to use instead of the jar's. */
    static final String WORKER_PROPERTY = "krait.worker";

    private static PythonInstallation found;
    private static Path extractedWorker;

    private ProcessLaunch() {
    }

    /**
     * Plans a child start.
     *
     * @param config the interpreter's configuration, or null
     * @return {@code worker} (String path), {@code settings} (List of String),
     *     {@code libdir} (String), {@code includePaths} (List of String), {@code stdout}
     *     and {@code stderr} (OutputStream or null), {@code version} (String)
     */
    static Map<String, Object> plan(JepConfig config) {
        PythonInstallation python = installation();
        String override = System.getProperty(WORKER_PROPERTY);
        Path worker = override != null && !override.isEmpty() ? Path.of(override) : extracted(python);
        Map<String, Object> plan = new HashMap<>();
        plan.put("worker", worker.toAbsolutePath().toString());
        plan.put("settings", MainInterpreter.startSettings(MainInterpreter.getInitParams(), null, python));
        Path libdir = python.libpython().toAbsolutePath().getParent();
        plan.put("libdir", libdir == null ? "" : libdir.toString());
        plan.put("version", python.version());
        List<String> includePaths = config == null ? List.of() : config.getIncludePaths();
        plan.put("includePaths", List.copyOf(includePaths));
        OutputStream stdout = config == null ? null : config.getStdout();
        OutputStream stderr = config == null ? null : config.getStderr();
        plan.put("stdout", stdout);
        plan.put("stderr", stderr);
        return plan;
    }

    /** The jar's worker for {@code python}, extracted (and hashed) once per JVM. */
    private static synchronized Path extracted(PythonInstallation python) {
        if (extractedWorker == null || !extractedWorker.toFile().canExecute()) {
            extractedWorker = NativeLoader.extractWorker(NativeLoader.platform(), python);
        }
        return extractedWorker;
    }

    /** The Python in-process use loaded, or the one it would load (found once). */
    private static synchronized PythonInstallation installation() {
        PythonInstallation loaded = LibraryLocator.python();
        if (loaded != null) {
            return loaded;
        }
        if (found == null) {
            PyConfig init = MainInterpreter.getInitParams();
            found = PythonFinder.forThisProcess(init == null ? null : init.getHome()).find();
        }
        return found;
    }
}
