package jep;

import java.io.File;
import java.util.Map;

import jep.python.PyAccess;
import java.util.Objects;
import krait.WrongThreadException;
import krait.UsageException;

import org.jspecify.annotations.Nullable;

/**
 * An interpreter bound to the Java thread that created it.
 *
 * <p>Every call checks first that it comes from that thread and then that the interpreter
 * is still open, and throws {@link JepException} otherwise. Use {@link SharedInterpreter}
 * or {@link SubInterpreter}; the constructors of this class open a sub-interpreter.
 */
public abstract class Jep implements Interpreter {

    private static final Object[] NO_ARGS = new Object[0];
    /** CPython's ID of its main interpreter, the one of every {@link SharedInterpreter}. */
    private static final long MAIN_INTERPRETER_ID = 0;

    private final Thread thread;
    private final long handle;
    private final long interpreterId;
    private final long interruptKey;
    private final Invoker invoker;
    private boolean closed;

    /**
     * Opens a sub-interpreter with the default configuration on the calling thread.
     *
     * @throws JepException if Python cannot be started or the interpreter cannot be opened
     */
    public Jep() throws JepException {
        this(new JepConfig());
    }

    /**
     * Opens a sub-interpreter with the given configuration on the calling thread.
     *
     * @param config the configuration, or null for the default
     * @throws JepException if Python cannot be started or the interpreter cannot be opened
     */
    public Jep(@Nullable JepConfig config) throws JepException {
        this(config, false);
    }

    /**
     * Opens a shared interpreter or a sub-interpreter on the calling thread, starting
     * Python first if needed.
     *
     * @param config the configuration, or null for the default
     * @param shared true for a shared interpreter, false for a sub-interpreter
     */
    Jep(JepConfig config, boolean shared) throws JepException {
        VirtualThreads.refuse();
        JepConfig effective = config == null ? new JepConfig() : config;
        MainInterpreter.ensureStarted();
        String[] includePaths = effective.getIncludePaths().toArray(new String[0]);
        ClassLoader loader = effective.getClassLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        ClassEnquirer enquirer = effective.getClassEnquirer();
        if (shared) {
            handle = KraitNative.openShared(includePaths, loader, enquirer);
        } else {
            SubInterpreterOptions options = effective.getSubInterpreterOptions();
            int[] nativeOptions = options == null ? null : options.toNativeOptions();
            checkSubInterpreterOptions(nativeOptions, !effective.getSharedModules().isEmpty());
            handle = KraitNative.openSub(includePaths, nativeOptions, loader, enquirer);
        }
        thread = Thread.currentThread();
        interpreterId = KraitNative.interpreterId(handle);
        interruptKey = KraitNative.interruptKey(handle);
        invoker = new Invoker(handle);
        PyAccess.opened(interpreterId);
        try {
            // As in Jep, the globals start with the jep module (bound when the interpreter
            // was opened) and, with include paths, sys.
            if (includePaths.length != 0) {
                exec("import sys");
            }
            if (!shared && !effective.getSharedModules().isEmpty()) {
                shareModules(effective);
            }
            redirect(effective.getStdout(), "stdout");
            redirect(effective.getStderr(), "stderr");
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Refuses, before opening anything, options the running CPython (3.12 or newer; older
     * ones ignore them, as in Jep) cannot honour: shared modules in an isolated interpreter
     * or with an allocator of its own ({@link JepException}), or a combination CPython
     * itself refuses ({@link IllegalStateException}, as in Jep).
     */
    private static void checkSubInterpreterOptions(int[] options, boolean sharedModules) {
        if (options == null || !SubInterpreterOptions.honoured()) {
            return;
        }
        if (sharedModules && options[SubInterpreterOptions.OWN_GIL] == 1) {
            throw new JepException("Shared modules cannot be used with isolated interpreters.");
        }
        if (sharedModules && options[SubInterpreterOptions.USE_MAIN_OBMALLOC] == 0) {
            throw new JepException("Shared modules can only be used with a shared allocator.");
        }
        String problem = KraitNative.subOptionsProblem(options);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    private void shareModules(JepConfig config) {
        set("__krait_shared", new java.util.ArrayList<>(config.getSharedModules()));
        exec("import _jep as __krait_jep\n__krait_jep._share_modules(__krait_shared)\ndel __krait_shared, __krait_jep");
    }

    private void redirect(java.io.OutputStream stream, String which) {
        if (stream != null) {
            set("__krait_stream", stream);
            exec("import _jep as __krait_jep\n__krait_jep._redirect(__krait_stream, '" + which + "')\n"
                    + "del __krait_stream, __krait_jep");
        }
    }

    /** An interpreter over an already opened native handle, bound to the calling thread. */
    Jep(long openedHandle) {
        handle = openedHandle;
        thread = Thread.currentThread();
        interpreterId = KraitNative.interpreterId(handle);
        interruptKey = KraitNative.interruptKey(handle);
        invoker = new Invoker(handle);
        PyAccess.opened(interpreterId);
    }

    /** The key naming this interpreter to {@code krait.Interrupts} from any thread. */
    long interruptKey() {
        return interruptKey;
    }

    /**
     * Checks that the calling thread is the one that created this interpreter.
     *
     * @throws JepException if it is another thread
     */
    public void isValidThread() throws JepException {
        if (Thread.currentThread() != thread) {
            throw new WrongThreadException("Invalid thread access.");
        }
    }

    /**
     * Runs a Python script file in this interpreter.
     *
     * @param path the path of the script
     * @throws JepException if the file does not exist or the script fails
     */
    @Override
    public void runScript(String path) throws JepException {
        checkUsable();
        if (path == null || !new File(path).exists()) {
            throw new JepException("File not found: " + path);
        }
        KraitNative.runScript(handle, path);
    }

    /**
     * Calls a Python callable with positional arguments.
     *
     * @param name the name of the callable, possibly dotted such as {@code "obj.method"}
     * @param args the positional arguments
     * @return the result converted to a Java object
     * @throws JepException if the call fails
     */
    @Override
    public @Nullable Object invoke(String name, @Nullable Object... args) throws JepException {
        return invoke(name, args, null);
    }

    /**
     * Calls a Python callable with keyword arguments.
     *
     * @param name the name of the callable, possibly dotted such as {@code "obj.method"}
     * @param kwargs the keyword arguments
     * @return the result converted to a Java object
     * @throws JepException if the call fails
     */
    @Override
    public @Nullable Object invoke(String name, Map<String, @Nullable Object> kwargs) throws JepException {
        return invoke(name, NO_ARGS, kwargs);
    }

    /**
     * Calls a Python callable with positional and keyword arguments.
     *
     * @param name the name of the callable, possibly dotted such as {@code "obj.method"}
     * @param args the positional arguments, or null for none
     * @param kwargs the keyword arguments, or null for none
     * @return the result converted to a Java object
     * @throws JepException if the call fails
     */
    @Override
    public @Nullable Object invoke(String name, @Nullable Object[] args, Map<String, @Nullable Object> kwargs) throws JepException {
        checkUsable();
        return invoker.invoke(name, args, kwargs);
    }

    /**
     * Runs one statement as Jep does: source that compiles as one interactive statement
     * (a line, or a whole block such as a {@code def} with its body) runs at once, printing
     * the value of an expression, and true is returned. Beyond Jep, an incomplete
     * statement ({@code "if x:"}) is buffered, as are the lines after it, and false is
     * returned until an empty line runs the block (true). An empty line (or null) with
     * nothing buffered runs nothing and returns false. Carriage returns are removed.
     *
     * @param line the Python source
     * @return true if a statement ran, false if nothing ran (more lines are needed)
     * @throws JepException if the statement has a syntax error or fails
     */
    @Override
    public boolean eval(String line) throws JepException {
        checkUsable();
        return KraitNative.eval(handle, line == null ? "" : line.replace("\r", ""));
    }

    /**
     * Executes Python source code, which may span many lines; null executes nothing.
     *
     * @param code the Python source
     * @throws JepException if the code fails
     */
    @Override
    public void exec(String code) throws JepException {
        checkUsable();
        KraitNative.exec(handle, code == null ? "" : code);
    }

    /**
     * Evaluates a Python expression and converts the result with the default conversions.
     *
     * @param expr the Python expression
     * @return the value converted to a Java object
     * @throws JepException if evaluation fails
     */
    @Override
    public @Nullable Object getValue(String expr) throws JepException {
        checkUsable();
        return KraitNative.getValue(handle, expr, null);
    }

    /**
     * Evaluates a Python expression and converts the result to the given type; for a
     * primitive type the result is the matching boxed value.
     *
     * @param <T> the Java type of the result
     * @param expr the Python expression
     * @param clazz the Java type to convert to
     * @return the converted value
     * @throws JepException if evaluation or conversion fails
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T getValue(String expr, Class<T> clazz) throws JepException {
        Objects.requireNonNull(clazz, "clazz");
        checkUsable();
        Object value = KraitNative.getValue(handle, expr, clazz);
        return clazz.isPrimitive() ? (T) value : clazz.cast(value);
    }

    /**
     * Binds a Java value to a name in the interpreter's globals.
     *
     * @param name the Python variable name
     * @param value the value, converted to Python
     * @throws JepException if the conversion fails
     */
    @Override
    public void set(String name, @Nullable Object value) throws JepException {
        checkUsable();
        KraitNative.set(handle, name, value);
    }

    /**
     * Opens another interpreter over the same Python interpreter, bound to the calling
     * thread (which must not have an open interpreter), sharing this one's globals or not.
     * Python objects held from Java ({@code PyObject}) of either are usable on both
     * threads. Either may close first; a sub-interpreter ends when the last interpreter
     * over it closes.
     *
     * @param shareGlobals whether the new interpreter sees the same global variables
     * @return the new interpreter, to use and close on the calling thread
     * @throws JepException if this interpreter is closed or the thread already has one
     */
    @Override
    public synchronized Interpreter attach(boolean shareGlobals) {
        if (closed) {
            throw new UsageException("Jep instance has been closed.");
        }
        VirtualThreads.refuse();
        return new AttachedInterpreter(KraitNative.attach(handle, shareGlobals));
    }

    /**
     * Closes the interpreter. Closing again does nothing. The last interpreter to close
     * over a sub-interpreter ends it, and releases the Python objects still held from
     * Java; that fails while Python threads started in it still run.
     *
     * @throws JepException if called from another thread, if Python threads still run,
     *     or if Python cannot close cleanly
     */
    @Override
    public synchronized void close() throws JepException {
        isValidThread();
        if (closed) {
            return;
        }
        KraitNative.checkClosable(handle);
        if (interpreterId != MAIN_INTERPRETER_ID && PyAccess.lastOpen(interpreterId)) {
            KraitNative.unshareModules(handle);
        }
        PyAccess.closing(interpreterId);
        String detached = KraitNative.close(handle);
        closed = true;
        if (detached != null) {
            throw new JepException(detached);
        }
    }

    private void checkUsable() {
        isValidThread();
        if (closed) {
            throw new UsageException("Jep instance has been closed.");
        }
    }
}
