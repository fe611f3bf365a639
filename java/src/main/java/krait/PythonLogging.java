package krait;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import jep.Interpreter;
import jep.JepException;

/**
 * Sends a Python interpreter's {@code logging} records and {@code warnings} to Java's
 * {@link System.Logger}s, so a server's Python logs land in its normal log files.
 *
 * <p>After {@link #bridge(Interpreter)}, a record of the Python logger {@code app.db} goes
 * to the Java logger {@code app.db} (the root logger's records to {@code python}), and
 * {@code warnings.warn(...)} to {@code py.warnings} (Python's own name for them). Levels:
 * CRITICAL and ERROR → ERROR, WARNING → WARNING, INFO → INFO, DEBUG → DEBUG, lower → TRACE.
 * Python's logger levels still filter first (the root logger's default is WARNING); a
 * record passing them is formatted only when the Java logger takes its level.
 */
public final class PythonLogging {

    /** The Java logger of records of Python's root logger. */
    static final String ROOT_LOGGER = "python";

    /** Installs the handler on the root logger of the interpreter's {@code logging} module. */
    private static final String INSTALL = String.join("\n",
            "def __krait_bridge():",
            "    import logging",
            "    from krait import PythonLogging",
            "    class JavaHandler(logging.Handler):",
            "        \"\"\"Hands records to Java's System.Logger through krait.PythonLogging.\"\"\"",
            "        def emit(self, record):",
            "            try:",
            "                if PythonLogging.isLoggable(record.name, record.levelno):",
            "                    PythonLogging.log(record.name, record.levelno, self.format(record))",
            "            except Exception:",
            "                self.handleError(record)",
            "    root = logging.getLogger()",
            "    if not any(type(h).__name__ == 'JavaHandler' and h.__module__ == __name__ for h in root.handlers):",
            "        root.addHandler(JavaHandler())",
            "    logging.captureWarnings(True)",
            "__krait_bridge()",
            "del __krait_bridge");

    private PythonLogging() {
    }

    /**
     * Sends the interpreter's Python {@code logging} records and {@code warnings} to Java
     * loggers of the same names. Idempotent; applies to the Python interpreter behind
     * {@code py} (shared interpreters share one {@code logging} module).
     *
     * @param py an open interpreter, on its thread
     * @throws JepException when Python fails to install the handler
     */
    public static void bridge(Interpreter py) throws JepException {
        py.exec(INSTALL);
    }

    /**
     * Whether the Java logger of a Python logger takes a Python level; called from Python.
     *
     * @param name the Python logger's name
     * @param pythonLevel the Python level number
     * @return whether a record would be logged
     */
    public static boolean isLoggable(String name, int pythonLevel) {
        return logger(name).isLoggable(level(pythonLevel));
    }

    /**
     * Logs a formatted Python record; called from Python.
     *
     * @param name the Python logger's name
     * @param pythonLevel the Python level number
     * @param message the formatted record
     */
    public static void log(String name, int pythonLevel, String message) {
        logger(name).log(level(pythonLevel), message);
    }

    private static Logger logger(String name) {
        return System.getLogger(name.isEmpty() || name.equals("root") ? ROOT_LOGGER : name);
    }

    /** The System.Logger level of a Python level number (logging.DEBUG is 10, INFO 20…). */
    static Level level(int pythonLevel) {
        if (pythonLevel >= 40) {
            return Level.ERROR;
        }
        if (pythonLevel >= 30) {
            return Level.WARNING;
        }
        if (pythonLevel >= 20) {
            return Level.INFO;
        }
        return pythonLevel >= 10 ? Level.DEBUG : Level.TRACE;
    }
}
