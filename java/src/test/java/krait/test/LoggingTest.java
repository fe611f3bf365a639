package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import krait.Krait;
import krait.PythonLogging;

/**
 * krait's diagnostics reach the host's logging (issue 13, item 4): libkrait's records go
 * through System.Logger to java.util.logging, under the logger {@code krait}.
 */
class LoggingTest {

    /** Collects the records of the krait loggers. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        List<String> lines() {
            return records.stream().map(r -> r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage()).toList();
        }
    }

    /** Held so that java.util.logging keeps the configured level (it holds loggers weakly). */
    private final Logger krait = Logger.getLogger("krait");
    private final Capture capture = new Capture();
    private Level before;

    @BeforeEach
    void listen() {
        before = krait.getLevel();
        krait.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        krait.removeHandler(capture);
        krait.setLevel(before);
        Krait.refreshLogLevel();
    }

    @Test
    void interpreterOpenAndCloseAreLoggedAtDebug() throws Exception {
        krait.setLevel(Level.FINE);
        Krait.refreshLogLevel();
        try (Interpreter py = new SharedInterpreter()) {
            py.exec("x = 1");
        }
        List<String> lines = capture.lines();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("krait.core.interpreter FINE opened a shared "
                + "interpreter (Python interpreter 0)")), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("krait.core.interpreter FINE closed an "
                + "interpreter of Python interpreter 0")), lines.toString());
    }

    @Test
    void nothingIsFormattedOrSentBelowTheLoggersLevel() throws Exception {
        krait.setLevel(Level.INFO);
        Krait.refreshLogLevel();
        try (Interpreter py = new SubInterpreter()) {
            py.exec("x = 1");
        }
        assertEquals(List.of(), capture.lines());
    }

    @Test
    void pythonLoggingAndWarningsReachJavaLoggersOfTheSameName() throws Exception {
        Logger app = Logger.getLogger("app.db");
        Logger warnings = Logger.getLogger("py.warnings");
        Capture python = new Capture();
        app.addHandler(python);
        warnings.addHandler(python);
        Level appLevel = app.getLevel();
        app.setLevel(Level.WARNING);
        try (Interpreter py = new SubInterpreter()) {
            PythonLogging.bridge(py);
            PythonLogging.bridge(py);
            py.exec(String.join("\n",
                    "import logging, warnings",
                    "log = logging.getLogger('app.db')",
                    "log.setLevel(logging.DEBUG)",
                    "log.error('disk %s', 'full')",
                    "log.info('below the Java level')",
                    "warnings.warn('old API', DeprecationWarning, stacklevel=1)"));
        } finally {
            app.removeHandler(python);
            warnings.removeHandler(python);
            app.setLevel(appLevel);
        }
        List<String> lines = python.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("app.db SEVERE disk full", lines.get(0));
        assertTrue(lines.get(1).startsWith("py.warnings WARNING ") && lines.get(1).contains("DeprecationWarning: old API"),
                lines.toString());
    }
}
