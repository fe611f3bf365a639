package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import jep.python.PyObject;
import krait.ProcessInterpreter;

/**
 * A soak of {@code krait.ProcessInterpreter} (issue 12, item 7): 10^5 calls with a new child
 * every 10^4, counting this JVM's child processes, its open file descriptors and the
 * child's handles, which must not grow.
 */
class ProcessSoakTest {

    private static final int CALLS = 100_000;
    private static final int RESTART_EVERY = 10_000;

    private static long children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }

    private static int openFds() {
        return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
    }

    @Test
    void callsAndRestartsLeakNothing() throws Exception {
        long childrenBefore = children();
        int fdsBefore = openFds();
        long start = System.nanoTime();
        int done = 0;
        while (done < CALLS) {
            try (ProcessInterpreter interp = new ProcessInterpreter()) {
                interp.exec("def f(x):\n    return x + 1\nclass Box:\n    pass\n");
                int base = interp.handleCount();
                for (int i = 0; i < RESTART_EVERY; i++, done++) {
                    if (i % 100 == 0) {
                        try (PyObject box = (PyObject) interp.invoke("Box")) {
                            box.setAttr("n", (long) i);
                        }
                    } else {
                        assertEquals((long) i + 1, interp.invoke("f", (long) i));
                    }
                }
                assertEquals(base, interp.handleCount(), "closed handles are released");
                assertEquals(childrenBefore + 1, children(), "one child while open");
            }
            assertEquals(childrenBefore, children(), "the child is gone after close");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("soak: " + CALLS + " calls, " + CALLS / RESTART_EVERY + " children, " + millis + " ms");
        int fdsAfter = openFds();
        assertTrue(fdsAfter <= fdsBefore + 2, "file descriptors before " + fdsBefore + ", after " + fdsAfter);
    }
}
