package jep;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds CPython and loads libpython and libkrait, once per JVM.
 *
 * <p>The outcome is kept: after a success the same installation is used from then on, and
 * after a failure every later attempt throws the same {@link JepException}.
 */
final class LibraryLocator {

    private static String libraryPath;
    private static PythonInstallation python;
    private static JepException failure;

    private LibraryLocator() {
    }

    /**
     * Finds CPython and loads libpython and libkrait, unless that was done already.
     *
     * @param pyConfig the start-up settings; its home, when set, names the Python to use
     *     unless {@code krait.python} or {@code KRAIT_PYTHON} is set. May be null.
     * @return true, as the libraries are loaded when this method returns normally
     * @throws JepException saying what was tried and how to fix it when loading fails
     */
    public static synchronized boolean findJepLibrary(PyConfig pyConfig) {
        if (failure != null) {
            throw failure;
        }
        if (python == null) {
            try {
                python = load(pyConfig == null ? null : pyConfig.getHome());
            } catch (JepException e) {
                failure = e;
                throw e;
            } catch (RuntimeException | LinkageError e) {
                failure = new JepException("krait could not load its native library: " + e, e);
                throw failure;
            }
        }
        return true;
    }

    /** Returns the loaded installation; only valid after {@link #findJepLibrary} succeeded. */
    static synchronized PythonInstallation python() {
        return python;
    }

    /**
     * Makes libkrait load from a file instead of the jar.
     *
     * @throws IllegalStateException once loading was attempted
     */
    static synchronized void setLibraryPath(String path) {
        if (python != null || failure != null) {
            throw new IllegalStateException(
                    "MainInterpreter.setJepLibraryPath must be called before krait loads its native library");
        }
        libraryPath = path;
    }

    /**
     * Loads the libraries if needed and describes the Python in use; read by
     * {@code krait.Krait}.
     *
     * @return the keys {@code executable}, {@code version} and {@code libpython}
     */
    static Map<String, String> describe() {
        findJepLibrary(MainInterpreter.getInitParams());
        PythonInstallation loaded = python();
        return Map.of(
                "executable", loaded.executable(),
                "version", loaded.version(),
                "libpython", loaded.libpython().toString());
    }

    private static PythonInstallation load(String home) {
        String platform = libraryPath == null ? NativeLoader.platform() : null;
        PythonInstallation found = PythonFinder.forThisProcess(home).find();
        NativeLoader.loadLibpython(found);
        if (libraryPath == null) {
            NativeLoader.loadKrait(platform, found);
        } else {
            NativeLoader.loadKrait(Path.of(libraryPath));
        }
        NativeLog.refresh();
        return found;
    }
}
