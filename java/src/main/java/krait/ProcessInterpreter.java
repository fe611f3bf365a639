package krait;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.python.PyObject;

/**
 * The {@link Interpreter} API backed by CPython in a child process: a segfault, an
 * {@code os._exit()} or a loop that ignores interrupts ends the child, never the JVM.
 * Moving a workload between in-process and isolated Python is a change of one line:
 * <pre>{@code
 * try (Interpreter interp = new SharedInterpreter()) { ... }      // fast, in-process
 * try (Interpreter interp = new ProcessInterpreter()) { ... }     // isolated
 * }</pre>
 *
 * <p>The child is {@code krait-worker}, built from krait's native code for each CPython
 * minor version and carried in the jar beside libkrait; it runs the Python that
 * in-process use would find ({@code krait.python}, {@code KRAIT_PYTHON}, a virtualenv,
 * {@code MainInterpreter.setInitParams}) with nothing installed in it, and inherits no
 * environment but {@code LD_LIBRARY_PATH}. Values cross by copy as in-process ones are
 * converted (None, bool, int, float, str, bytes, list, tuple, dict, set, numpy arrays as
 * {@link jep.NDArray}); any other Python object comes back as a {@link ProcessPyObject}
 * backed by a numbered handle in the child. Java objects and proxies cannot cross and
 * are refused with a {@link JepException}. Python errors are {@code JepException}s with
 * the Python type, message and frames, as in-process.
 *
 * <p><b>Threads.</b> No thread affinity: any thread may call any method; calls are
 * serialized (one runs in the child at a time, in arrival order).
 *
 * <p><b>Faults.</b> A call that outlives {@link Builder#callTimeout} gets SIGINT (a
 * {@code KeyboardInterrupt} in Python); a child that does not answer within
 * {@link Builder#grace} is killed. If the child dies, the call in flight throws a
 * {@code JepException} saying how (exit status or signal, last lines of its stderr) and
 * every later call throws one saying that this interpreter is dead.
 */
public final class ProcessInterpreter implements Interpreter, Interruptible {

    private final ProcessConnection connection;
    private final String pythonVersion;
    private final ScheduledFuture<?> healthCheck;
    private final ProcessWire.Handles handles = new ProcessWire.Handles() {
        @Override
        public PyObject lent(long handle) {
            return new ProcessPyObject(ProcessInterpreter.this, handle);
        }

        @Override
        public long handleOf(PyObject object) {
            return object instanceof ProcessPyObject remote && remote.owner == ProcessInterpreter.this
                    ? remote.handle() : -1;
        }
    };

    /** Starts a child with the default settings. */
    public ProcessInterpreter() throws JepException {
        this(builder());
    }

    /**
     * Starts a child with a {@link JepConfig}'s include paths and output redirections.
     *
     * @param config the include paths to put in front of the child's {@code sys.path} and the
     *     streams its stdout and stderr go to; its other settings do not apply, and null
     *     means the defaults
     */
    public ProcessInterpreter(@Nullable JepConfig config) throws JepException {
        this(builder().config(config));
    }

    private ProcessInterpreter(Builder settings) {
        Map<String, Object> plan = plan(settings.config);
        @SuppressWarnings("unchecked")
        List<String> startSettings = new ArrayList<>((List<String>) plan.get("settings"));
        startSettings.add("max_handles=" + settings.maxHandles);
        ProcessChild child;
        try {
            child = ProcessChild.start((String) plan.get("worker"), startSettings, (String) plan.get("libdir"),
                    (OutputStream) plan.get("stderr"));
        } catch (IOException e) {
            throw new JepException("krait could not start its Python worker " + plan.get("worker") + ": " + e, e);
        }
        connection = new ProcessConnection(child, handles, (OutputStream) plan.get("stdout"),
                settings.callTimeout, settings.grace);
        try {
            pythonVersion = connection.awaitReady(settings.startTimeout);
            @SuppressWarnings("unchecked")
            List<String> includePaths = (List<String>) plan.get("includePaths");
            if (!includePaths.isEmpty()) {
                set("_krait_include_paths", includePaths);
                exec("import sys as _krait_sys\n_krait_sys.path[0:0] = _krait_include_paths\n"
                        + "del _krait_sys, _krait_include_paths");
            }
            if (settings.warmUp != null) {
                exec(settings.warmUp);
            }
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        Duration every = settings.healthCheckInterval;
        Duration grace = settings.grace;
        healthCheck = every == null ? null : ProcessConnection.WATCHDOG.scheduleWithFixedDelay(
                () -> ProcessConnection.HEALTH.execute(() -> checkHealthIfIdle(grace)), Durations.millis(every), Durations.millis(every), TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plan(JepConfig config) {
        return (Map<String, Object>) JepInternals.call(
                JepInternals.method("jep.ProcessLaunch", "plan", JepConfig.class), config);
    }

    /**
     * A builder of process interpreters (also the settings a pool of them takes).
     *
     * @return a new builder holding the default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link ProcessInterpreter}; {@link #start()} makes one. */
    public static final class Builder {
        private JepConfig config;
        private Duration callTimeout;
        private Duration grace = Duration.ofSeconds(2);
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration healthCheckInterval;
        private String warmUp;
        private int maxHandles = 100_000;

        private Builder() {
        }

        /**
         * Include paths and stdout/stderr redirections (other settings do not apply).
         *
         * @param config the configuration whose include paths go in front of the child's
         *     {@code sys.path} and whose streams receive its stdout and stderr; null (the
         *     default) for none
         * @return this builder
         */
        public Builder config(@Nullable JepConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Interrupt a call (SIGINT) that runs longer than this; null (the default) for never.
         * A child that has not answered the interrupt within {@link #grace} is killed.
         *
         * @param timeout the longest time one call may run, or null for no limit
         * @return this builder
         */
        public Builder callTimeout(@Nullable Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        /**
         * How long the child gets to answer an interrupt or an exit request before it is killed.
         *
         * @param grace the time to wait for the child (not null; default 2 s)
         * @return this builder
         */
        public Builder grace(Duration grace) {
            this.grace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * How long the child may take to start and say it is ready.
         *
         * @param timeout the time after which a child not yet ready is killed and the start
         *     fails (not null; default 30 s)
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Ping the child this often while it is idle; null (the default) for never. A child
         * that does not answer within {@link #grace} is killed and the interpreter becomes
         * unusable.
         *
         * @param interval the time between two health checks, or null for none
         * @return this builder
         * @throws UsageException when {@code interval} is shorter than 1 ms
         */
        public Builder healthCheckInterval(@Nullable Duration interval) {
            if (interval != null && Durations.millis(interval) < 1) {
                throw new UsageException("healthCheckInterval must be at least 1 ms (or null for none), got " + interval);
            }
            this.healthCheckInterval = interval;
            return this;
        }

        /**
         * Python code run once after start-up (imports that later calls should not pay for).
         *
         * @param code the Python source to execute in the new child, or null (the default)
         *     for none
         * @return this builder
         */
        public Builder warmUp(@Nullable String code) {
            this.warmUp = code;
            return this;
        }

        /**
         * The most Python objects the child keeps for Java at once; a call whose result would
         * need one more handle fails until {@link ProcessPyObject}s are closed or collected.
         *
         * @param max the number of live handles allowed, at least 1 (default 100,000)
         * @return this builder
         * @throws IllegalArgumentException when {@code max} is less than 1
         */
        public Builder maxHandles(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxHandles must be positive");
            }
            this.maxHandles = max;
            return this;
        }

        /**
         * Starts a child with these settings (any thread may call it).
         *
         * @return the new interpreter, its child started, ready and warmed up
         * @throws JepException when the child cannot start, is not ready in time, or its
         *     warm-up code fails
         */
        public ProcessInterpreter start() throws JepException {
            return new ProcessInterpreter(this);
        }

        Builder copy() {
            Builder copy = new Builder();
            copy.config = config;
            copy.callTimeout = callTimeout;
            copy.grace = grace;
            copy.startTimeout = startTimeout;
            copy.healthCheckInterval = healthCheckInterval;
            copy.warmUp = warmUp;
            copy.maxHandles = maxHandles;
            return copy;
        }
    }

    /** Sends a request of this interpreter (for its PyObjects). */
    Object request(String what, int op, int fields, ProcessConnection.Body body) {
        return connection.request(what, op, fields, body);
    }

    /** Queues the release of a handle (sent with the next request); ignored once unusable. */
    void release(long handle) {
        if (connection.unusableReason() == null) {
            connection.releases.add(handle);
        }
    }

    private void checkHealthIfIdle(Duration grace) {
        if (connection.unusableReason() == null && connection.lock.tryLock()) {
            try {
                connection.ping(grace);
            } finally {
                connection.lock.unlock();
            }
        }
        if (connection.unusableReason() != null && healthCheck != null) {
            healthCheck.cancel(false);
        }
    }

    /**
     * Interrupts the running call from any thread: the child gets SIGINT, so its Python code
     * raises {@code KeyboardInterrupt} and the call throws a {@code JepException}; the
     * interpreter stays usable. An interrupt that arrives after the call ended is dropped
     * before the next call runs.
     *
     * @return true when a call was running and the signal was sent, false when idle or dead
     */
    @Override
    public boolean interrupt() {
        return connection.interruptCall();
    }

    /**
     * Kills the child at once (SIGKILL), from any thread: the call in flight throws a {@code
     * JepException} saying so, and the interpreter refuses further use (close it as usual).
     */
    public void kill() {
        connection.kill();
    }

    /**
     * Health check: asks the child to answer within {@code timeout}. A child that does not
     * is killed; the interpreter is then unusable. A call running in the child is let
     * finish first.
     *
     * @param timeout how long the child may take to answer once asked
     * @return whether the child answered; false also when the interpreter was already
     *     unusable
     */
    public boolean ping(Duration timeout) {
        return connection.ping(timeout);
    }

    /**
     * How many Python objects the child holds for Java (live handles), for monitoring and tests.
     *
     * @return the number of handles not yet released, counted by the child
     */
    public int handleCount() {
        return ((Number) connection.request("handle count", ProcessWire.OP_PING, 0, null)).intValue();
    }

    /**
     * Why this interpreter can no longer be used (closed, or how its child died, as found
     * by a call or a health check), or null while it is usable.
     *
     * @return the reason, or null while usable
     */
    public @Nullable String unusableReason() {
        return connection.unusableReason();
    }

    /**
     * The child's process ID.
     *
     * @return the operating system's ID of the child process (also once it has ended)
     */
    public long pid() {
        return connection.child.process.pid();
    }

    /**
     * Whether the child is running and this interpreter usable.
     *
     * @return true while the child process runs and nothing made the interpreter unusable
     */
    public boolean isAlive() {
        return connection.unusableReason() == null && connection.child.process.isAlive();
    }

    /**
     * The child's CPython version, e.g. {@code 3.12.1}.
     *
     * @return the version the child reported when it started
     */
    public String pythonVersion() {
        return pythonVersion;
    }

    @Override
    public @Nullable Object invoke(String name, @Nullable Object... args) throws JepException {
        return invoke(name, args, null);
    }

    @Override
    public @Nullable Object invoke(String name, Map<String, @Nullable Object> kwargs) throws JepException {
        return invoke(name, new Object[0], kwargs);
    }

    @Override
    public @Nullable Object invoke(String name, @Nullable Object[] args, Map<String, @Nullable Object> kwargs) throws JepException {
        return connection.request("invoke(" + name + ")", ProcessWire.OP_INVOKE, 3, out -> {
            out.packString(name);
            packCall(out, args, kwargs);
        });
    }

    /** Packs positional and keyword arguments. */
    void packCall(MessageBufferPacker out, Object[] args, Map<String, Object> kwargs) throws IOException {
        Object[] positional = args == null ? new Object[0] : args;
        out.packArrayHeader(positional.length);
        for (Object arg : positional) {
            ProcessWire.pack(out, arg, handles, 1);
        }
        Map<String, Object> named = kwargs == null ? Map.of() : kwargs;
        out.packMapHeader(named.size());
        for (Map.Entry<String, Object> entry : named.entrySet()) {
            out.packString(entry.getKey());
            ProcessWire.pack(out, entry.getValue(), handles, 1);
        }
    }

    /** Packs one value. */
    void packValue(MessageBufferPacker out, Object value) throws IOException {
        ProcessWire.pack(out, value, handles, 0);
    }

    @Override
    public boolean eval(String line) throws JepException {
        return (Boolean) connection.request("eval", ProcessWire.OP_EVAL, 1, out -> out.packString(line));
    }

    @Override
    public void exec(String code) throws JepException {
        connection.request("exec", ProcessWire.OP_EXEC, 1, out -> out.packString(code));
    }

    @Override
    public void runScript(String path) throws JepException {
        connection.request("runScript", ProcessWire.OP_RUN_SCRIPT, 1, out -> out.packString(path));
    }

    @Override
    public @Nullable Object getValue(String expr) throws JepException {
        return connection.request("getValue", ProcessWire.OP_GET, 1, out -> out.packString(expr));
    }

    @Override
    public <T> @Nullable T getValue(String expr, Class<T> clazz) throws JepException {
        return ProcessCoercion.coerce(getValue(expr), clazz);
    }

    @Override
    public void set(String name, @Nullable Object value) throws JepException {
        connection.request("set", ProcessWire.OP_SET, 2, out -> {
            out.packString(name);
            packValue(out, value);
        });
    }

    /** Not supported: a process interpreter has no thread to attach to. */
    @Override
    public Interpreter attach(boolean shareGlobals) {
        throw new UsageException("ProcessInterpreter does not support attach: it has no thread affinity, so "
                + "use it from any thread instead.");
    }

    /**
     * Asks the child to exit, and kills it if it has not within the grace period. The
     * child's Python objects are released with it. Idempotent.
     */
    @Override
    public void close() throws JepException {
        if (healthCheck != null) {
            healthCheck.cancel(false);
        }
        connection.close();
    }
}
