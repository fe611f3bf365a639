package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/** {@code Interpreter.attach}: another thread's interpreter over the same Python interpreter. */
class AttachTest {

    private ExecutorService owner;
    private ExecutorService other;

    @BeforeEach
    void threads() {
        owner = Executors.newSingleThreadExecutor();
        other = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws InterruptedException {
        owner.shutdownNow();
        other.shutdownNow();
        assertTrue(owner.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(other.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static <T> T on(ExecutorService thread, Callable<T> work) throws Exception {
        Future<T> result = thread.submit(work);
        return result.get(30, TimeUnit.SECONDS);
    }

    private void checkAttach(Callable<Interpreter> open) throws Exception {
        Interpreter first = on(owner, () -> {
            Interpreter interp = open.call();
            interp.exec("import sys\nsys.krait_attach_marker = 'm'\nx = 41");
            return interp;
        });
        Interpreter shared = on(other, () -> first.attach(true));
        assertEquals(41L, (Long) on(other, () -> shared.getValue("x")));
        on(other, () -> {
            shared.exec("x += 1\ny = 'from the attached one'");
            return null;
        });
        assertEquals(42L, (Long) on(owner, () -> first.getValue("x")));
        assertEquals("from the attached one", on(owner, () -> first.getValue("y")));
        JepException busy = assertThrows(JepException.class, () -> {
            try {
                on(owner, () -> {
                    first.close();
                    return null;
                });
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause();
            }
        });
        assertTrue(busy.getMessage().contains("attach"), busy.getMessage());
        on(other, () -> {
            shared.close();
            return null;
        });

        Interpreter separate = on(other, () -> first.attach(false));
        assertEquals(Boolean.FALSE, on(other, () -> separate.getValue("'x' in globals()")));
        assertEquals("m", on(other, () -> separate.getValue("__import__('sys').krait_attach_marker")));
        JepException wrongThread = assertThrows(JepException.class, () -> separate.getValue("1"));
        assertTrue(wrongThread.getMessage().contains("Invalid thread access"));
        on(other, () -> {
            separate.close();
            return null;
        });
        on(owner, () -> {
            first.close();
            return null;
        });
    }

    @Test
    void attachToASharedInterpreter() throws Exception {
        checkAttach(SharedInterpreter::new);
    }

    @Test
    void attachToASubInterpreter() throws Exception {
        checkAttach(SubInterpreter::new);
    }

    @Test
    void aThreadWithAnOpenInterpreterCannotAttach() throws Exception {
        Interpreter first = on(owner, SharedInterpreter::new);
        Interpreter busy = on(other, SharedInterpreter::new);
        java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> on(other, () -> first.attach(true)));
        assertTrue(refused.getCause() instanceof JepException, String.valueOf(refused.getCause()));
        on(other, () -> {
            busy.close();
            return null;
        });
        on(owner, () -> {
            first.close();
            return null;
        });
    }
}
