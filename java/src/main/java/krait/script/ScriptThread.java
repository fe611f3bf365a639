package krait.script;

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

    /**
     * Python helpers, defined in the interpreter's globals and removed once fetched. Running a
     * script with bindings other than the engine's own copies them into a fresh namespace and
     * the names the script leaves there back into the bindings.
     */
    private static final String HELPERS = """
            def __krait_script_helpers():
                import ast, builtins
                namespace = globals()

                def foreign(scopes):
                    ns = {'__builtins__': builtins, '__name__': '__main__'}
                    for scope in scopes:
                        for key in scope.keySet():
                            ns[str(key)] = scope.get(key)
                    return ns

                def compile_script(source, filename):
                    tree = ast.parse(source, filename, 'exec')
                    tail = None
                    if tree.body and isinstance(tree.body[-1], ast.Expr):
                        tail = compile(ast.Expression(tree.body.pop().value), filename, 'eval')
                    body = compile(tree, filename, 'exec')

                    def run(fallbacks, bindings):
                        if bindings is None:
                            for key in fallbacks.keySet():
                                namespace.setdefault(str(key), fallbacks.get(key))
                            ns = namespace
                        else:
                            ns = foreign([fallbacks, bindings])
                        try:
                            exec(body, ns)
                            return None if tail is None else eval(tail, ns)
                        finally:
                            if bindings is not None:
                                for key, value in ns.items():
                                    if not key.startswith('__'):
                                        bindings.put(key, value)
                    return run

                def names():
                    return [k for k in namespace if not k.startswith('__')]

                def contains(name):
                    return name in namespace

                def get(name):
                    return namespace.get(name)

                def remove(name):
                    return namespace.pop(name, None)

                def lookup(name):
                    return namespace[name] if name in namespace else getattr(builtins, name, None)

                def function(name):
                    value = lookup(name)
                    return value if callable(value) else None

                def method(obj, name):
                    value = getattr(obj, name, None)
                    return value if callable(value) else None

                def has_methods(obj, names):
                    for name in names:
                        value = getattr(obj, name, None) if obj is not None else lookup(name)
                        if not callable(value):
                            return False
                    return True

                class Globals:
                    def __getattr__(self, name):
                        value = lookup(name)
                        if value is None:
                            raise AttributeError(name)
                        return value

                return [compile_script, names, contains, get, remove, function, method,
                        has_methods, Globals()]
            """;

    private final ExecutorService executor;
    private volatile @Nullable Thread thread;
    /** Set on the engine's thread by the constructor, before any other work runs. */
    private @Nullable Interpreter interpreter;
    /** The helpers, in the order HELPERS returns them. */
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

    /** The helper at an index of the list HELPERS returns. */
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
