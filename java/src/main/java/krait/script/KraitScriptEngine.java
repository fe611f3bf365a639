package krait.script;

import java.io.IOException;
import java.io.Reader;
import java.lang.ref.Cleaner;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import javax.script.AbstractScriptEngine;
import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;
import javax.script.SimpleBindings;
import javax.script.SimpleScriptContext;

import jep.python.PyCallable;
import jep.python.PyObject;

import org.jspecify.annotations.Nullable;

/**
 * A JSR-223 engine over one krait {@code SharedInterpreter}.
 *
 * <p>The engine's {@code ENGINE_SCOPE} bindings are its Python globals (a live view: a name
 * a script sets is seen by {@link #get}, and {@link #put} sets a global). Names of the
 * {@code GLOBAL_SCOPE} bindings that the globals lack are copied in before each script.
 * When a script runs with other bindings ({@code eval(script, bindings)}), it runs in a fresh
 * namespace holding those bindings, and the names it leaves there are put back into them.
 * The value of {@code eval} is the value of the script's last statement when that is an
 * expression, else null.
 *
 * <p>While a script runs, Python's {@code sys.stdout}, {@code sys.stderr} and {@code sys.stdin}
 * are its context's {@link ScriptContext#getWriter() writer}, {@link ScriptContext#getErrorWriter()
 * error writer} and {@link ScriptContext#getReader() reader} (by default Java's
 * {@code System.out}, {@code System.err} and {@code System.in}); the writers are flushed when
 * the script ends. This holds for the engine's thread only: threads the script starts, and
 * other interpreters, keep the streams they had.
 *
 * <p>All Python runs on the engine's own thread (see {@link KraitScriptEngineFactory});
 * Java called back from Python runs there too. Python objects the engine returns (a
 * {@code PyObject}) belong to that thread: hand them back to {@link #invokeMethod} or
 * {@link #getInterface(Object, Class)}, which run them there. {@link #close()} closes the
 * interpreter; an engine no longer reachable is closed when Java collects it.
 */
public final class KraitScriptEngine extends AbstractScriptEngine implements Compilable, Invocable, AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final ScriptEngineFactory factory;
    private final ScriptThread python;
    private final Cleaner.Cleanable cleanable;

    KraitScriptEngine(ScriptEngineFactory factory) {
        this.factory = factory;
        try {
            this.python = new ScriptThread();
        } catch (ScriptException e) {
            throw new IllegalStateException("krait could not open a Python interpreter: " + e.getMessage(), e);
        }
        this.cleanable = CLEANER.register(this, python);
        SimpleScriptContext context = new SimpleScriptContext();
        context.setBindings(new PythonBindings(python), ScriptContext.ENGINE_SCOPE);
        setContext(context);
    }

    @Override
    public @Nullable Object eval(String script, ScriptContext context) throws ScriptException {
        return compile(script, filename(context)).eval(context);
    }

    @Override
    public @Nullable Object eval(Reader reader, ScriptContext context) throws ScriptException {
        return eval(read(reader), context);
    }

    @Override
    public Bindings createBindings() {
        return new SimpleBindings();
    }

    @Override
    public ScriptEngineFactory getFactory() {
        return factory;
    }

    @Override
    public CompiledScript compile(String script) throws ScriptException {
        return compile(script, filename(context));
    }

    @Override
    public CompiledScript compile(Reader script) throws ScriptException {
        return compile(read(script));
    }

    private CompiledScript compile(String script, String filename) throws ScriptException {
        Object run = python.callHelper(Helpers.COMPILE, script, filename);
        return new Compiled((PyCallable) run);
    }

    @Override
    public @Nullable Object invokeMethod(Object thiz, String name, @Nullable Object... args) throws ScriptException, NoSuchMethodException {
        PyObject target = pythonObject(thiz);
        Object method = python.callHelper(Helpers.METHOD, target, name);
        if (method == null) {
            throw new NoSuchMethodException("the Python object has no method " + name);
        }
        return python.call(() -> ((PyCallable) method).call(args));
    }

    @Override
    public @Nullable Object invokeFunction(String name, @Nullable Object... args) throws ScriptException, NoSuchMethodException {
        Object function = python.callHelper(Helpers.FUNCTION, name);
        if (function == null) {
            throw new NoSuchMethodException("no Python function " + name + " is defined");
        }
        return python.call(() -> ((PyCallable) function).call(args));
    }

    /** The engine's functions as an interface, or null when one of its methods is not defined. */
    @Override
    public <T> @Nullable T getInterface(Class<T> clasz) {
        return implement(null, clasz);
    }

    /** A Python object's methods as an interface, or null when one of its methods is missing. */
    @Override
    public <T> @Nullable T getInterface(Object thiz, Class<T> clasz) {
        return implement(pythonObject(thiz), clasz);
    }

    /** Closes the engine's interpreter and ends its thread. */
    @Override
    public void close() {
        cleanable.clean();
    }

    private <T> @Nullable T implement(@Nullable PyObject target, Class<T> clasz) {
        if (clasz == null || !clasz.isInterface()) {
            throw new IllegalArgumentException("getInterface needs an interface, not " + clasz);
        }
        List<String> required = new ArrayList<>();
        for (Method method : clasz.getMethods()) {
            if (Modifier.isAbstract(method.getModifiers())) {
                required.add(method.getName());
            }
        }
        try {
            return python.call(() -> {
                if (!Boolean.TRUE.equals(python.callHelper(Helpers.HAS_METHODS, target, required))) {
                    return null;
                }
                PyObject source = target != null ? target : (PyObject) python.helper(Helpers.GLOBALS);
                T proxy = source.proxy(clasz);
                return clasz.cast(Proxy.newProxyInstance(clasz.getClassLoader(), new Class<?>[] {clasz},
                        onEngineThread(proxy)));
            });
        } catch (ScriptException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Calls each method of a krait proxy on the engine's thread, which its Python needs. */
    private InvocationHandler onEngineThread(Object proxy) {
        return (self, method, args) -> {
            try {
                return python.call(() -> {
                    try {
                        return method.invoke(proxy, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                });
            } catch (ScriptException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        };
    }

    private static PyObject pythonObject(Object thiz) {
        if (!(thiz instanceof PyObject pyObject)) {
            throw new IllegalArgumentException("expected a Python object (a PyObject the engine returned), not "
                    + (thiz == null ? "null" : thiz.getClass().getName()));
        }
        return pyObject;
    }

    private static String filename(ScriptContext context) {
        Object name = context.getAttribute(ScriptEngine.FILENAME);
        return name == null ? "<script>" : name.toString();
    }

    private static String read(Reader reader) throws ScriptException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            for (int n; (n = reader.read(buffer)) != -1;) {
                text.append(buffer, 0, n);
            }
        } catch (IOException e) {
            ScriptException failure = new ScriptException("could not read the script: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
        return text.toString();
    }

    /** A script compiled once, run with {@link #eval} as often as needed. */
    private final class Compiled extends CompiledScript {

        private final PyCallable run;

        Compiled(PyCallable run) {
            this.run = run;
        }

        @Override
        public @Nullable Object eval(ScriptContext context) throws ScriptException {
            Bindings engineScope = context.getBindings(ScriptContext.ENGINE_SCOPE);
            Bindings globalScope = context.getBindings(ScriptContext.GLOBAL_SCOPE);
            Object fallbacks = globalScope == null ? new SimpleBindings() : globalScope;
            boolean own = engineScope instanceof PythonBindings mine && mine.belongsTo(python);
            Object bindings = own ? null : engineScope == null ? new SimpleBindings() : engineScope;
            return python.call(() -> run.call(fallbacks, bindings, context.getWriter(), context.getErrorWriter(),
                    context.getReader()));
        }

        @Override
        public ScriptEngine getEngine() {
            return KraitScriptEngine.this;
        }
    }
}
