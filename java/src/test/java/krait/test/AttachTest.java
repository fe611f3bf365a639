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
import jep.python.PyCallable;
import jep.python.PyObject;

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

    /**
     * As in Jep: a Python object held from Java is usable on a thread attached to its
     * interpreter, and the interpreter an attached one was made from may close first (the
     * Python interpreter stays until the last interpreter over it closes).
     */
    private void checkAttachedThreadUsesObjectsAndOutlivesTheFirst(Callable<Interpreter> open) throws Exception {
        Interpreter first = on(owner, () -> {
            Interpreter interp = open.call();
            interp.exec("import types, sys\nm = types.ModuleType('krait_attach_mod')\nm.count = 0\n"
                    + "sys.modules['krait_attach_mod'] = m\ndef bump():\n    m.count += 1\n    return m.count");
            return interp;
        });
        PyCallable bump = on(owner, () -> first.getValue("bump", PyCallable.class));
        PyObject module = on(owner, () -> first.getValue("m", PyObject.class));
        Interpreter second = on(other, () -> first.attach(true));
        assertEquals(1L, on(other, () -> bump.call()), "a PyCallable of the first works on the attached thread");
        assertEquals(1L, on(other, () -> module.getAttr("count")));
        JepException noInterpreter = assertThrows(JepException.class, () -> bump.call());
        assertTrue(noInterpreter.getMessage().contains("Invalid thread access"), noInterpreter.getMessage());

        on(owner, () -> {
            first.close();
            return null;
        });
        assertEquals(2L, on(other, () -> second.getValue("bump()")), "the attached one outlives the first");
        assertEquals(2L, on(other, () -> second.getValue("__import__('krait_attach_mod').count")));
        JepException closedFirst = assertThrows(JepException.class, () -> first.getValue("1"));
        assertTrue(closedFirst.getMessage().contains("closed") || closedFirst.getMessage().contains("thread"),
                closedFirst.getMessage());
        on(other, () -> {
            second.close();
            return null;
        });
        java.util.concurrent.ExecutionException released = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> on(other, () -> bump.call()));
        assertTrue(released.getCause().getMessage().contains("closed"), released.getCause().getMessage());
    }

    @Test
    void objectsOfASharedInterpreterWorkOnAnAttachedThread() throws Exception {
        checkAttachedThreadUsesObjectsAndOutlivesTheFirst(SharedInterpreter::new);
    }

    @Test
    void objectsOfASubInterpreterWorkOnAnAttachedThread() throws Exception {
        checkAttachedThreadUsesObjectsAndOutlivesTheFirst(SubInterpreter::new);
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
