package jep;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;

/**
 * krait's log records on the JVM. libkrait's records (Rust's {@code log} facade) arrive
 * through {@link #log} and go to {@link System.Logger}s named after the Rust module that
 * logged ({@code krait::core::interpreter} logs to {@code krait.core.interpreter}); the jar's
 * own records use loggers under {@code krait} too. So they land in java.util.logging by
 * default, and in SLF4J or Log4j when the application routes platform logging there.
 *
 * <p>libkrait formats a record only at the level the {@code krait} logger enables, read
 * when the native library loads and again on {@code krait.Krait.refreshLogLevel()}.
 */
final class NativeLog {

    /** The level codes libkrait uses: 0 off, 1 error, 2 warn, 3 info, 4 debug, 5 trace. */
    private static final Level[] LEVELS = {Level.OFF, Level.ERROR, Level.WARNING, Level.INFO, Level.DEBUG,
        Level.TRACE};

    /** The logger whose level libkrait follows; every krait logger is below it. */
    static final String ROOT = "krait";

    private static final ConcurrentHashMap<String, Logger> LOGGERS = new ConcurrentHashMap<>();

    private NativeLog() {
    }

    /**
     * Logs a record of libkrait; called from native code.
     *
     * @param level the level code (1 error … 5 trace)
     * @param target the Rust module path that logged, such as {@code krait::core::runtime}
     * @param message the message
     */
    static void log(int level, String target, String message) {
        if (level <= 0 || level >= LEVELS.length) {
            return;
        }
        LOGGERS.computeIfAbsent(loggerName(target), System::getLogger).log(LEVELS[level], message);
    }

    /** The logger name of a Rust module path: {@code ::} becomes {@code .}, under {@code krait}. */
    static String loggerName(String target) {
        String name = target.replace("::", ".");
        return name.equals(ROOT) || name.startsWith(ROOT + ".") ? name : ROOT + "." + name;
    }

    /** The most verbose level code the {@code krait} logger enables (0 when all are off). */
    static int enabledLevel() {
        Logger root = System.getLogger(ROOT);
        for (int code = LEVELS.length - 1; code > 0; code--) {
            if (root.isLoggable(LEVELS[code])) {
                return code;
            }
        }
        return 0;
    }

    /** Tells libkrait (loaded) the level to format records at. */
    static void refresh() {
        KraitNative.setLogLevel(enabledLevel());
    }
}
