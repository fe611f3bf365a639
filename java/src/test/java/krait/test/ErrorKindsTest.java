package krait.test;

import static krait.test.TestSupport.onNewThread;
import static krait.test.TestSupport.thrownOnNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import krait.ConversionException;
import krait.UsageException;
import krait.WrongThreadException;

/**
 * Errors say whose fault they are: Python's own errors are plain JepExceptions, the caller's
 * mistakes UsageException, values that do not convert ConversionException, the wrong thread
 * WrongThreadException (all JepExceptions, so Jep code keeps catching them).
 */
class ErrorKindsTest {

    @Test
    void pythonErrorsArePlainJepExceptions() {
        onNewThread(() -> {
            try (Interpreter py = new SharedInterpreter()) {
                JepException e = assertThrows(JepException.class, () -> py.exec("raise ValueError('bad')"));
                assertEquals(JepException.class, e.getClass());
                assertTrue(e.getMessage().startsWith("<class 'ValueError'>: bad"), e.getMessage());
            }
            return null;
        });
    }

    @Test
    void aValueThatDoesNotConvertIsAConversionException() {
        onNewThread(() -> {
            try (Interpreter py = new SharedInterpreter()) {
                ConversionException e = assertThrows(ConversionException.class,
                        () -> py.getValue("'text'", Integer.class));
                assertTrue(e.getMessage().contains("Integer"), e.getMessage());
            }
            return null;
        });
    }

    @Test
    void usingAClosedInterpreterIsAUsageException() {
        onNewThread(() -> {
            Interpreter py = new SubInterpreter();
            py.close();
            assertThrows(UsageException.class, () -> py.exec("x = 1"));
            return null;
        });
    }

    @Test
    void anotherThreadGetsAWrongThreadException() {
        onNewThread(() -> {
            try (Interpreter py = new SharedInterpreter()) {
                Throwable thrown = thrownOnNewThread(() -> py.exec("x = 1"));
                WrongThreadException e = assertInstanceOf(WrongThreadException.class, thrown);
                assertEquals("Invalid thread access.", e.getMessage());
                assertInstanceOf(JepException.class, e);
            }
            return null;
        });
    }
}
