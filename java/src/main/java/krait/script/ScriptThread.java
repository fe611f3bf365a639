package krait.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.script.ScriptException;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.python.PyCallable;

import org.jspecify.annotations.Nullable;

/**
 * The thread an engine's interpreter lives on, and the interpreter.
 *
 * <p>A krait interpreter belongs to the thread that opened it, and a thread has one open
 * interpreter at a time; so each engine opens its {@link SharedInterpreter} on a thread of
 * its own and runs every piece of Python work there, one at a time, whichever thread asks.
 * Work asked for from that thread itself (Java code called back from the engine's Python)
 * runs at once. This object never refers to its engine, so the engine's cleaner can close it.
 */
final class ScriptThread implements Runnable {

    /** Numbers the threads of engines, for their names. */
    private static final AtomicInteger COUNT = new AtomicInteger();

    /** The Python helpers' source: {@code helpers.py} next to this class. */
    private static final String HELPERS = helpersSource();

    private final ExecutorService executor;
    private volatile @Nullable Thread thread;
    /** Set on the engine's thread by the constructor, before any other work runs. */
    private @Nullable Interpreter interpreter;
    /** The helpers, in the order {@code __krait_script_helpers()} returns them. */
    private List<?> helpers = List.of();

    ScriptThread() throws ScriptException {
        int number = COUNT.incrementAndGet();
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "krait-script-" + number);
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            thread = Thread.currentThread();
            Interpreter py = new SharedInterpreter();
            interpreter = py;
            py.exec(HELPERS);
            helpers = py.getValue("__krait_script_helpers()", List.class);
            py.exec("del __krait_script_helpers");
            return null;
        });
    }

    /** The helper at an index of the list {@code __krait_script_helpers()} returns. */
    Object helper(int index) {
        return helpers.get(index);
    }

    /** Calls a helper function with arguments, on the engine's thread. */
    @Nullable Object callHelper(int index, @Nullable Object... args) throws ScriptException {
        return call(() -> ((PyCallable) helpers.get(index)).call(args));
    }

    /** The engine's interpreter; use it only inside {@link #call}. */
    Interpreter interpreter() {
        return java.util.Objects.requireNonNull(interpreter, "the engine's interpreter is not open");
    }

    /**
     * Runs work on the engine's thread and waits for it; Python errors and krait's errors
     * become {@link ScriptException}s.
     */
    <T extends @Nullable Object> T call(Callable<T> work) throws ScriptException {
        if (Thread.currentThread() == thread) {
            return callHere(work);
        }
        Future<T> future;
        try {
            future = executor.submit(() -> callHere(work));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("This krait script engine has been closed.", e);
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw scriptException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ScriptException script) {
                throw script;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw scriptException(cause);
        }
    }

    private static <T extends @Nullable Object> T callHere(Callable<T> work) throws ScriptException {
        try {
            return work.call();
        } catch (JepException e) {
            throw scriptException(e);
        } catch (ScriptException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw scriptException(e);
        }
    }

    private static ScriptException scriptException(Throwable cause) {
        ScriptException e = new ScriptException(String.valueOf(cause.getMessage()));
        e.initCause(cause);
        return e;
    }

    private static String helpersSource() {
        try (InputStream in = ScriptThread.class.getResourceAsStream("helpers.py")) {
            if (in == null) {
                throw new IllegalStateException("the krait jar lacks krait/script/helpers.py");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read krait/script/helpers.py from the krait jar", e);
        }
    }

    /** Closes the interpreter on its thread and ends the thread; safe to call twice. */
    @Override
    public void run() {
        if (executor.isShutdown()) {
            return;
        }
        try {
            call(() -> {
                interpreter().close();
                return null;
            });
        } catch (ScriptException | RuntimeException e) {
            // The engine is going away; an interpreter that fails to close is left to the process's end.
        } finally {
            executor.shutdown();
        }
    }
}
