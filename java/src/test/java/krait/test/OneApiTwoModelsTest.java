package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import krait.CallTimeoutException;
import krait.InterpreterKind;
import krait.InterpreterPool;
import krait.ProcessInterpreter;

/**
 * One API, two models: the same user code against an in-process interpreter, a
 * ProcessInterpreter, and a pool of each; a pool of process interpreters keeps serving after
 * its children segfault, call os._exit or hang.
 */
class OneApiTwoModelsTest {

    /** The user's code: knows only jep.Interpreter. */
    private static List<Object> work(Interpreter interp) {
        interp.exec("import math\ndef area(r):\n    return math.pi * r * r");
        interp.set("radius", 2.0);
        return List.of(interp.invoke("area", 2.0), interp.getValue("radius * 3", Double.class),
                interp.getValue("'é' * 2"), interp.getValue("[1, 2, 3]"));
    }

    private static final List<Object> EXPECTED = List.of(Math.PI * 4, 6.0, "éé", List.of(1L, 2L, 3L));

    @Test
    void theSameCodeRunsInProcessIsolatedAndInAPoolOfEach() {
        try (Interpreter fast = new SharedInterpreter()) {
            assertEquals(EXPECTED, work(fast));
        }
        try (Interpreter isolated = new ProcessInterpreter()) {
            assertEquals(EXPECTED, work(isolated));
        }
        for (InterpreterKind kind : List.of(InterpreterKind.shared(),
                InterpreterKind.process(ProcessInterpreter.builder()))) {
            try (InterpreterPool pool = InterpreterPool.builder(kind).min(1).max(2).build()) {
                assertEquals(EXPECTED, pool.call(OneApiTwoModelsTest::work), kind.name());
            }
        }
    }

    @Test
    void aPoolOfProcessInterpretersOutlivesItsChildren() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.process(ProcessInterpreter.builder()))
                .min(1).max(1).interruptGrace(Duration.ofMillis(500)).build()) {
            assertEquals(2L, ((Number) pool.eval("1 + 1")).longValue());
            JepException segfault = assertThrows(JepException.class,
                    () -> pool.exec("import ctypes; ctypes.string_at(0)"));
            assertTrue(segfault.getMessage().contains("SIGSEGV"), segfault.getMessage());
            // The dead child is replaced: the pool serves the next call.
            assertEquals(3L, ((Number) pool.eval("1 + 2")).longValue());
            JepException exit = assertThrows(JepException.class, () -> pool.exec("import os; os._exit(3)"));
            assertTrue(exit.getMessage().contains("3"), exit.getMessage());
            assertEquals(4L, ((Number) pool.eval("2 + 2")).longValue());
            // A loop that ignores SIGINT is killed after the grace period, and replaced.
            assertThrows(CallTimeoutException.class, () -> pool.exec(
                    "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: time.sleep(0.01)",
                    Duration.ofMillis(200)));
            TestSupport.eventually("the pool has replaced its children", () -> pool.stats().replaced() >= 3);
            assertEquals(5L, ((Number) pool.eval("2 + 3")).longValue());
            // A plain busy loop is interrupted (SIGINT) and the same child serves on.
            long replaced = pool.stats().replaced();
            assertThrows(CallTimeoutException.class, () -> pool.exec("while True: pass", Duration.ofMillis(200)));
            assertEquals(6L, ((Number) pool.eval("3 + 3")).longValue());
            assertEquals(replaced, pool.stats().replaced());
        }
    }
}
