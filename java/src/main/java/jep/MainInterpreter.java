package jep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The main CPython interpreter, started once per JVM before the first interpreter opens
 * and alive until the JVM exits.
 *
 * <p>Start-up is configured with the static setters, which must be called before the first
 * {@link SharedInterpreter} or {@link SubInterpreter} is created.
 */
public final class MainInterpreter implements AutoCloseable {

    private static PyConfig initParams;
    private static String[] sharedModulesArgv;
    private static volatile MainInterpreter instance;
    private static JepException startFailure;

    private MainInterpreter() {
    }

    /**
     * Imports a module into the main interpreter, so that it can be shared with
     * sub-interpreters.
     *
     * @param module the module name
     * @throws JepException if the import fails
     */
    public void sharedImport(String module) throws JepException {
        KraitNative.sharedImport(module);
    }

    /**
     * Does nothing: CPython stays alive until the JVM exits.
     */
    @Override
    public void close() {
    }

    /**
     * Sets the CPython start-up settings.
     *
     * @param config the settings
     * @throws IllegalStateException if Python has already been started
     */
    public static synchronized void setInitParams(@Nullable PyConfig config) throws IllegalStateException {
        checkNotStarted("setInitParams");
        initParams = config;
    }

    /**
     * Sets {@code sys.argv} of the main interpreter, for modules that read it on import.
     * These arguments replace any given with {@link PyConfig#setArgv(String...)}.
     *
     * @param argv the arguments
     * @throws IllegalStateException if Python has already been started
     */
    public static synchronized void setSharedModulesArgv(String... argv) throws IllegalStateException {
        checkNotStarted("setSharedModulesArgv");
        sharedModulesArgv = argv == null ? null : argv.clone();
    }

    /**
     * Loads krait's native library from the given file instead of the one in the jar.
     *
     * @param path the path of {@code libkrait.so}
     * @throws IllegalStateException if the native library has already been loaded
     */
    public static void setJepLibraryPath(String path) throws IllegalStateException {
        LibraryLocator.setLibraryPath(path);
    }

    /**
     * Returns the main interpreter, starting Python first if needed.
     *
     * @throws JepException if Python cannot be started
     */
    static synchronized MainInterpreter getMainInterpreter() {
        ensureStarted();
        return instance;
    }

    /** Returns the start-up settings, or null when none were given. */
    static synchronized PyConfig getInitParams() {
        return initParams;
    }

    /** Whether libkrait is loaded and CPython started in this JVM (never waits for a start). */
    static boolean started() {
        return instance != null;
    }

    /**
     * Loads the native libraries and starts CPython, once per JVM. After a failure every
     * later call throws the same exception.
     *
     * @throws JepException if Python cannot be found, loaded or started
     */
    static synchronized void ensureStarted() {
        if (instance != null) {
            return;
        }
        if (startFailure != null) {
            throw startFailure;
        }
        try {
            LibraryLocator.findJepLibrary(initParams);
            PythonInstallation python = LibraryLocator.python();
            KraitNative.startPython(startSettings(initParams, sharedModulesArgv, python).toArray(new String[0]));
            String running = KraitNative.pythonVersion();
            if (PythonFinder.minorVersion(running) != python.minorVersion()) {
                throw new JepException("krait loaded CPython " + python.version() + " from " + python.libpython()
                        + " but the running Python is " + running + "; another libpython was already loaded "
                        + "into this process.");
            }
            instance = new MainInterpreter();
        } catch (JepException e) {
            startFailure = e;
            throw e;
        } catch (RuntimeException | LinkageError e) {
            startFailure = new JepException("krait could not start Python: " + e, e);
            throw startFailure;
        }
    }

    /**
     * Returns the settings for {@code KraitNative.startPython}: the user's settings, then
     * {@code home} (the installation's base prefix) and {@code program_name} (its
     * executable) unless the user set them, always {@code executable}, and a
     * {@code site_dir} for each site-packages directory of a virtualenv.
     */
    static List<String> startSettings(PyConfig config, String[] argv, PythonInstallation python) {
        List<String> settings = config == null ? new ArrayList<>() : config.toSettings();
        if (argv != null) {
            settings.removeIf(setting -> setting.startsWith("argv="));
            Arrays.stream(argv).map(arg -> "argv=" + (arg == null ? "" : arg)).forEach(settings::add);
        }
        if (config == null || config.getHome() == null) {
            settings.add("home=" + python.basePrefix());
        }
        if (config == null || config.getProgramName() == null) {
            settings.add("program_name=" + python.executable());
        }
        settings.add("executable=" + python.executable());
        python.siteDirs().forEach(dir -> settings.add("site_dir=" + dir));
        return settings;
    }

    private static void checkNotStarted(String method) {
        if (instance != null || startFailure != null) {
            throw new IllegalStateException("MainInterpreter." + method
                    + " must be called before the first interpreter is created");
        }
    }
}
