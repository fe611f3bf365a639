package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jep.JepException;
import krait.ProcessInterpreter;
import krait.UsageException;

/**
 * How a {@code krait.ProcessInterpreter}'s child may end (issue 12, item 4): each way of
 * dying makes the call in flight throw a JepException that says how, leaves the JVM running
 * and makes the interpreter refuse further use; each timeout path (interrupted, killed);
 * health checks; close.
 */
class ProcessFaultsTest {

    private static void assertDead(ProcessInterpreter interp) {
        assertFalse(interp.isAlive());
        UsageException refused = assertThrows(UsageException.class, () -> interp.getValue("1"));
        assertTrue(refused.getMessage().contains("cannot be used"), refused.getMessage());
        assertFalse(interp.ping(Duration.ofSeconds(1)));
        interp.close();
    }

    @Test
    void osExitIsReportedWithItsStatus() {
        ProcessInterpreter interp = new ProcessInterpreter();
        JepException e = assertThrows(JepException.class, () -> interp.exec("import os\nos._exit(3)"));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertDead(interp);
    }

    @Test
    void segfaultIsReportedWithItsSignalAndStderr() {
        ProcessInterpreter interp = new ProcessInterpreter();
        JepException e = assertThrows(JepException.class, () -> interp.exec(
                "import ctypes, sys\nsys.stderr.write('last words\\n')\nsys.stderr.flush()\nctypes.string_at(0)"));
        assertTrue(e.getMessage().contains("signal 11 (SIGSEGV"), e.getMessage());
        assertTrue(e.getMessage().contains("last words"), e.getMessage());
        assertDead(interp);
        try (ProcessInterpreter next = new ProcessInterpreter()) {
            assertEquals(2L, next.getValue("1 + 1"), "a new child works after a crash");
        }
    }

    @Test
    void sigkillFromOutsideIsReported() throws Exception {
        ProcessInterpreter interp = new ProcessInterpreter();
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> interp.exec("import time\ntime.sleep(60)"));
        Thread.sleep(300);
        ProcessHandle.of(interp.pid()).orElseThrow().destroyForcibly();
        Throwable e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> call.get(30, TimeUnit.SECONDS)).getCause();
        assertTrue(e instanceof JepException && e.getMessage().contains("signal 9 (SIGKILL"), e.getMessage());
        assertDead(interp);
    }

    @Test
    void outOfMemoryKillIsReported() {
        // The kernel's OOM killer ends a process with SIGKILL; an address-space limit makes
        // the child's own allocation fail the way a memory-starved machine would.
        ProcessInterpreter interp = new ProcessInterpreter();
        interp.exec("import resource\nresource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))");
        JepException memory = assertThrows(JepException.class, () -> interp.exec("x = bytearray(2 << 30)"));
        assertTrue(memory.getMessage().startsWith("<class 'MemoryError'>"), memory.getMessage());
        assertEquals(2L, interp.getValue("1 + 1"), "a MemoryError is an ordinary Python error");
        interp.close();
    }

    @Test
    void timedOutCallIsInterrupted() {
        try (ProcessInterpreter interp = ProcessInterpreter.builder()
                .callTimeout(Duration.ofMillis(300)).start()) {
            long start = System.nanoTime();
            JepException e = assertThrows(JepException.class, () -> interp.exec("import time\ntime.sleep(30)"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().startsWith("<class 'KeyboardInterrupt'>"), e.getMessage());
            assertTrue(e.getMessage().contains("timed out after 300 ms"), e.getMessage());
            assertTrue(millis < 10_000, "interrupted after " + millis + " ms");
            assertEquals(2L, interp.getValue("1 + 1"), "the child survives an interrupted call");
            interp.exec("total = sum(range(10))");
            assertEquals(45L, interp.getValue("total"), "no stale interrupt hits the next calls");
        }
    }

    @Test
    void callIgnoringTheInterruptIsKilled() {
        ProcessInterpreter interp = ProcessInterpreter.builder()
                .callTimeout(Duration.ofMillis(300)).grace(Duration.ofMillis(500)).start();
        JepException e = assertThrows(JepException.class, () -> interp.exec(
                "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"));
        assertTrue(e.getMessage().contains("did not answer SIGINT"), e.getMessage());
        assertTrue(e.getMessage().contains("signal 9"), e.getMessage());
        assertDead(interp);
    }

    @Test
    void healthCheckFindsADeadChild() throws Exception {
        ProcessInterpreter interp = ProcessInterpreter.builder()
                .healthCheckInterval(Duration.ofMillis(100)).start();
        assertTrue(interp.ping(Duration.ofSeconds(5)));
        ProcessHandle.of(interp.pid()).orElseThrow().destroyForcibly();
        for (int i = 0; i < 250 && interp.unusableReason() == null; i++) {
            Thread.sleep(20);
        }
        String reason = interp.unusableReason();
        assertTrue(reason != null && reason.contains("signal 9"), "the health check found the death: " + reason);
        assertDead(interp);
    }

    @Test
    void healthCheckKillsAHungChild() throws Exception {
        ProcessInterpreter interp = ProcessInterpreter.builder().grace(Duration.ofMillis(300)).start();
        ProcessHandle child = ProcessHandle.of(interp.pid()).orElseThrow();
        new ProcessBuilder("kill", "-STOP", Long.toString(interp.pid())).start().waitFor();
        assertFalse(interp.ping(Duration.ofMillis(300)));
        assertFalse(child.isAlive(), "a child that does not answer is killed");
        assertTrue(interp.unusableReason().contains("did not answer"), interp.unusableReason());
        assertDead(interp);
    }

    @Test
    @Timeout(60)
    void theHealthCheckKillsAStoppedChildAndOtherDeadlinesStillFire() throws Exception {
        // The health check's ping ran on the watchdog thread that also runs the deadline
        // checks: a ping to a stopped child waited for a check queued behind it, forever, and
        // every other ProcessInterpreter's deadlines stopped with it.
        ProcessInterpreter hung = ProcessInterpreter.builder().grace(Duration.ofMillis(300))
                .healthCheckInterval(Duration.ofMillis(50)).start();
        ProcessHandle child = ProcessHandle.of(hung.pid()).orElseThrow();
        new ProcessBuilder("kill", "-STOP", Long.toString(hung.pid())).start().waitFor();
        Thread.sleep(200);
        try (ProcessInterpreter other = ProcessInterpreter.builder().callTimeout(Duration.ofMillis(200)).start()) {
            long start = System.nanoTime();
            JepException e = assertThrows(JepException.class, () -> other.exec("while True:\n    pass"));
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "the other interpreter's deadline fired");
        }
        for (int i = 0; i < 250 && hung.unusableReason() == null; i++) {
            Thread.sleep(20);
        }
        String reason = hung.unusableReason();
        assertTrue(reason != null && reason.contains("killed"), "the health check found the hung child: " + reason);
        assertFalse(child.isAlive(), "the stopped child was killed");
        hung.close();
    }

    @Test
    void startThatTakesTooLongIsKilled() {
        JepException e = assertThrows(JepException.class, () -> ProcessInterpreter.builder()
                .startTimeout(Duration.ofMillis(1)).grace(Duration.ofMillis(200)).start());
        assertTrue(e.getMessage().contains("timed out after 1 ms"), e.getMessage());
    }

    @Test
    void closeEndsTheChildAndIsIdempotent() {
        ProcessInterpreter interp = new ProcessInterpreter();
        ProcessHandle child = ProcessHandle.of(interp.pid()).orElseThrow();
        interp.close();
        assertFalse(child.isAlive());
        interp.close();
        UsageException e = assertThrows(UsageException.class, () -> interp.exec("pass"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void closeKillsAChildThatDoesNotAnswer() throws Exception {
        ProcessInterpreter interp = ProcessInterpreter.builder().grace(Duration.ofMillis(300)).start();
        ProcessHandle child = ProcessHandle.of(interp.pid()).orElseThrow();
        new ProcessBuilder("kill", "-STOP", Long.toString(interp.pid())).start().waitFor();
        long start = System.nanoTime();
        interp.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(child.isAlive());
        assertTrue(millis < 10_000, "closed after " + millis + " ms");
    }
}
