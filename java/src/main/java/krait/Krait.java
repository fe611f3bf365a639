package krait;

import java.util.Map;

/**
 * Diagnostics about the CPython that krait embeds.
 *
 * <p>Each method finds CPython and loads krait's native libraries if that has not happened
 * yet (without starting Python), and throws {@code jep.JepException} saying what was tried
 * when no usable Python is found.
 */
public final class Krait {

    private Krait() {
    }

    /**
     * Returns the Python program in use, its {@code sys.executable}.
     *
     * @return the path of the Python executable
     */
    public static String pythonExecutable() {
        return describe().get("executable");
    }

    /**
     * Returns the version of the Python in use.
     *
     * @return the version, such as {@code 3.12.1}
     */
    public static String pythonVersion() {
        return describe().get("version");
    }

    /**
     * Returns the shared libpython that was loaded.
     *
     * @return the absolute path of libpython
     */
    public static String libpythonPath() {
        return describe().get("libpython");
    }

    /**
     * Re-reads the level of the {@code krait} logger (a {@link System.Logger}) and has the
     * native library format its log records from that level on. Call it after changing the
     * logging configuration once krait is loaded; records of less severe levels are dropped
     * before they are formatted. Loads krait if that has not happened yet.
     */
    public static void refreshLogLevel() {
        describe();
        JepInternals.call("jep.NativeLog", "refresh");
    }

    /**
     * Calls the package-private {@code jep.LibraryLocator.describe()}, which owns the
     * loading, so that package {@code jep} carries no public class beyond the Jep API.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> describe() {
        return (Map<String, String>) JepInternals.call("jep.LibraryLocator", "describe");
    }
}
