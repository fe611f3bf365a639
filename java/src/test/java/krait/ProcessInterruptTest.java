package krait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import jep.JepException;
import jep.SharedInterpreter;

/**
 * A {@link ProcessInterpreter}'s worker interrupted by libkrait itself (no {@code kill}
 * process) in a JVM that also runs Python in-process.
 */
class ProcessInterruptTest {

    /** Loads libkrait and starts CPython in this JVM. */
    private static void startPythonHere() {
        try (SharedInterpreter local = new SharedInterpreter()) {
            local.exec("pass");
        }
    }

    @Test
    void libkraitSendsTheSignalItself() {
        startPythonHere();
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec("import signal\ncaught = []\nsignal.signal(signal.SIGINT, lambda *_: caught.append(1))");
            assertTrue(Interrupts.interruptProcess(interp.pid()), "libkrait sent SIGINT");
            // The worker runs pending signal handlers before each request.
            assertEquals(1L, interp.getValue("len(caught)"));
        }
    }

    @Test
    void timedOutCallIsInterruptedThroughLibkrait() {
        startPythonHere();
        try (ProcessInterpreter interp = ProcessInterpreter.builder().callTimeout(Duration.ofMillis(300)).start()) {
            JepException e = assertThrows(JepException.class,
                    () -> interp.exec("import time\ntime.sleep(30)"));
            assertTrue(e.getMessage().startsWith("<class 'KeyboardInterrupt'>"), e.getMessage());
            assertEquals(2L, interp.getValue("1 + 1"), "the child survives an interrupted call");
        }
    }
}
