package krait;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
     * Calls the package-private {@code jep.LibraryLocator.describe()}, which owns the
     * loading, so that package {@code jep} carries no public class beyond the Jep API.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> describe() {
        Method describe;
        try {
            describe = Class.forName("jep.LibraryLocator").getDeclaredMethod("describe");
            describe.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("krait's jep.LibraryLocator is missing from the class path", e);
        }
        try {
            return (Map<String, String>) describe.invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("krait cannot access jep.LibraryLocator", e);
        }
    }
}
