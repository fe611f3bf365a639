package krait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import jep.Interpreter;

import org.jspecify.annotations.Nullable;

/**
 * A pool of warm Python interpreters that any thread may use, platform or virtual.
 *
 * <p>Each pooled interpreter lives on a platform thread of its own, which opens it, runs the
 * pool's warm-up, runs the calls handed to it and closes it; a caller borrows a free one for
 * one call and never sees "Invalid thread access". Calls block ({@link #exec}, {@link #eval},
 * {@link #getValue}, {@link #invoke}, {@link #call}) or return a {@link CompletableFuture}
 * ({@link #callAsync} and friends). A call may have a deadline (or the pool's default): when
 * it passes, the interpreter is interrupted ({@link Interrupts}); the caller gets a
 * {@link CallTimeoutException} within the interrupt grace period in any case, and an
 * interpreter whose code did not stop by then (blocked in C code) is retired (its thread left
 * to finish as a daemon, the interpreter never reused) and replaced.
 *
 * <p>Python objects obtained inside {@link #call} are valid only inside it: a
 * {@code PyObject} returned from it throws {@link UsageException}; keep Java values.
 *
 * <p>Build one with {@link #builder(InterpreterKind)}; close it with {@link #close()}.
 */
public final class InterpreterPool implements AutoCloseable {

    /** Where the pool reports what it cannot throw to a caller (logger {@code krait.pool}). */
    static final System.Logger LOG = System.getLogger("krait.pool");

    final InterpreterKind kind;
    final int min;
    final int max;
    final Duration idleTimeout;
    final Duration acquireTimeout;
    private final Duration callTimeout;
    final Duration interruptGrace;
    private final Duration closeGrace;
    private final List<Consumer<Interpreter>> warmUp;
    final String healthCheck;
    final Duration healthDeadline;

    final Semaphore permits;
    final ConcurrentLinkedDeque<PoolWorker> idle = new ConcurrentLinkedDeque<>();
    final Set<PoolWorker> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService maintenance;
    private volatile ExecutorService asyncCallers;
    volatile boolean closed;

    final AtomicInteger busy = new AtomicInteger();
    final PoolCounters counters = new PoolCounters();
    final PoolLending lending = new PoolLending(this);

    private InterpreterPool(PoolBuilder builder) {
        kind = builder.kind;
        min = builder.min;
        max = builder.max;
        idleTimeout = builder.idleTimeout;
        acquireTimeout = builder.acquireTimeout;
        callTimeout = builder.callTimeout;
        interruptGrace = builder.interruptGrace;
        closeGrace = builder.closeGrace;
        warmUp = List.copyOf(builder.warmUp);
        healthCheck = builder.healthCheck;
        healthDeadline = builder.healthDeadline;
        permits = new Semaphore(max);
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> PoolThreads.daemon(r, "krait-pool-maintenance"));
        long tick = Math.max(1, Math.min(Durations.millis(builder.healthInterval), Math.max(1, Durations.millis(idleTimeout) / 2)));
        PoolMaintenance upkeep = new PoolMaintenance(this);
        maintenance.scheduleWithFixedDelay(upkeep::keepSize, tick, tick, TimeUnit.MILLISECONDS);
        if (healthCheck != null) {
            long every = Math.max(1, Durations.millis(builder.healthInterval));
            maintenance.scheduleWithFixedDelay(upkeep::checkHealth, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts building a pool of interpreters of that kind.
     *
     * @param kind the kind, such as {@link InterpreterKind#isolated}
     * @return the builder
     */
    public static PoolBuilder builder(InterpreterKind kind) {
        return new PoolBuilder(kind);
    }

    /** Builds the pool and opens its {@code min} interpreters (for {@link PoolBuilder#build}). */
    static InterpreterPool open(PoolBuilder builder) {
        InterpreterPool pool = new InterpreterPool(builder);
        try {
            List<PoolWorker> warm = new ArrayList<>();
            for (int i = 0; i < builder.min; i++) {
                pool.permits.acquireUninterruptibly();
                warm.add(pool.lending.startWorker());
            }
            for (PoolWorker worker : warm) {
                pool.idle.offerFirst(worker);
                pool.permits.release();
            }
        } catch (RuntimeException | Error e) {
            pool.live.forEach(PoolWorker::stop);
            pool.close();
            throw e;
        }
        return pool;
    }

    // ------------------------------------------------------------------ blocking calls

    /**
     * Runs {@code function} with a free interpreter, on that interpreter's thread.
     *
     * @param <T> the result type
     * @param function a function of the borrowed interpreter (valid only during the call)
     * @return what the function returned
     * @throws PoolExhaustedException when no interpreter became free within the acquire deadline
     * @throws CallTimeoutException when the pool's default call deadline passed
     */
    public <T extends @Nullable Object> T call(Function<Interpreter, T> function) {
        return call(function, callTimeout);
    }

    /**
     * Runs {@code function} with a free interpreter, with a deadline.
     *
     * @param <T> the result type
     * @param function a function of the borrowed interpreter (valid only during the call)
     * @param timeout the deadline for the call once an interpreter runs it, or null for none
     * @return what the function returned
     * @throws CallTimeoutException when the deadline passed
     */
    @SuppressWarnings("unchecked")
    public <T extends @Nullable Object> T call(Function<Interpreter, T> function, @Nullable Duration timeout) {
        Objects.requireNonNull(function, "function");
        PoolWorker worker = lending.acquire();
        PoolJob job = new PoolJob(function, true);
        worker.submit(job);
        return (T) worker.await(job, timeout);
    }

    /**
     * Executes Python statements.
     *
     * @param code the Python source
     */
    public void exec(String code) {
        call(interp -> {
            interp.exec(code);
            return null;
        });
    }

    /**
     * Executes Python statements with a deadline.
     *
     * @param code the Python source
     * @param timeout the deadline
     */
    public void exec(String code, Duration timeout) {
        call(interp -> {
            interp.exec(code);
            return null;
        }, timeout);
    }

    /**
     * Evaluates a Python expression, converted to Java as {@code getValue} does.
     *
     * @param expr the expression
     * @return its value
     */
    public @Nullable Object eval(String expr) {
        return call(interp -> interp.getValue(expr));
    }

    /**
     * Evaluates a Python expression and converts it to {@code type}.
     *
     * @param <T> the result type
     * @param expr the expression
     * @param type the Java class to convert to
     * @return its value
     */
    public <T> @Nullable T getValue(String expr, Class<T> type) {
        return call(interp -> interp.getValue(expr, type));
    }

    /**
     * Calls a Python callable by (dotted) name.
     *
     * @param name the callable's name in the interpreter's globals
     * @param args the arguments
     * @return what it returned, converted to Java
     */
    public @Nullable Object invoke(String name, @Nullable Object... args) {
        return call(interp -> interp.invoke(name, args));
    }

    /**
     * Calls a Python callable by name with keyword arguments.
     *
     * @param name the callable's name
     * @param args the positional arguments
     * @param kwargs the keyword arguments
     * @return what it returned, converted to Java
     */
    public @Nullable Object invoke(String name, @Nullable Object[] args, Map<String, @Nullable Object> kwargs) {
        return call(interp -> interp.invoke(name, args, kwargs));
    }

    // ------------------------------------------------------------------ asynchronous calls

    /**
     * {@link #call(Function)} without blocking the caller.
     *
     * @param <T> the result type
     * @param function a function of the borrowed interpreter
     * @return the result to come
     */
    public <T extends @Nullable Object> CompletableFuture<T> callAsync(Function<Interpreter, T> function) {
        return callAsync(function, callTimeout);
    }

    /**
     * {@link #call(Function, Duration)} without blocking the caller.
     *
     * @param <T> the result type
     * @param function a function of the borrowed interpreter
     * @param timeout the deadline for the call once an interpreter runs it, or null for none
     * @return the result to come
     */
    public <T extends @Nullable Object> CompletableFuture<T> callAsync(Function<Interpreter, T> function, @Nullable Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        return CompletableFuture.supplyAsync(() -> call(function, timeout), asyncCallers());
    }

    /**
     * {@link #exec(String)} without blocking the caller.
     *
     * @param code the Python source
     * @return completes when the code ran
     */
    public CompletableFuture<@Nullable Void> execAsync(String code) {
        return callAsync(interp -> {
            interp.exec(code);
            return null;
        });
    }

    /**
     * {@link #getValue(String, Class)} without blocking the caller.
     *
     * @param <T> the result type
     * @param expr the expression
     * @param type the Java class to convert to
     * @return the value to come
     */
    public <T> CompletableFuture<@Nullable T> getValueAsync(String expr, Class<T> type) {
        return callAsync(interp -> interp.getValue(expr, type));
    }

    /**
     * {@link #invoke(String, Object...)} without blocking the caller.
     *
     * @param name the callable's name
     * @param args the arguments
     * @return the result to come
     */
    public CompletableFuture<@Nullable Object> invokeAsync(String name, @Nullable Object... args) {
        return callAsync(interp -> interp.invoke(name, args));
    }

    // ------------------------------------------------------------------ state

    /**
     * The pool's counters now.
     *
     * @return a snapshot
     */
    public PoolStats stats() {
        return counters.snapshot(idle.size(), busy.get());
    }

    /**
     * Closes the pool: stops taking calls, lets running calls finish within the close grace
     * period, interrupts those still running, and closes every interpreter on its own thread
     * (an interpreter whose code does not stop is left to its daemon thread).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.shutdownNow();
        long deadline = Durations.deadline(System.nanoTime(), closeGrace);
        waitUntilIdle(deadline);
        if (busy.get() > 0) {
            for (PoolWorker worker : live) {
                PoolJob job = worker.current;
                if (job != null) {
                    job.interruptedByClose = true;
                    if (worker.interrupt()) {
                        counters.interrupted.incrementAndGet();
                    }
                }
            }
            waitUntilIdle(Durations.deadline(System.nanoTime(), interruptGrace));
        }
        PoolWorker worker;
        List<PoolWorker> stopped = new ArrayList<>();
        while ((worker = idle.pollFirst()) != null) {
            worker.stop();
            stopped.add(worker);
        }
        for (PoolWorker each : stopped) {
            try {
                each.thread.join(Durations.millis(closeGrace) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ExecutorService callers = asyncCallers;
        if (callers != null) {
            callers.shutdown();
        }
    }

    // ------------------------------------------------------------------ internals

    String kindName() {
        return kind.name();
    }

    /** Opens and warms up an interpreter on the calling (worker) thread. */
    Interpreter openInterpreter() {
        Interpreter interp = kind.open();
        try {
            for (Consumer<Interpreter> step : warmUp) {
                step.accept(interp);
            }
            return interp;
        } catch (RuntimeException | Error e) {
            try {
                interp.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** A worker's interpreter failed to close (reported, not thrown: nobody waits for it). */
    void closeFailed(PoolWorker worker, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, () -> "closing a pooled " + kind.name() + " interpreter ("
                + worker.thread.getName() + ") failed: " + e, e);
    }

    /** Whether an interpreter of this pool's kind can serve more calls after one. */
    boolean usable(Interpreter interp) {
        return kind.usable(interp);
    }

    private void waitUntilIdle(long deadline) {
        while (busy.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    ExecutorService asyncCallers() {
        ExecutorService callers = asyncCallers;
        if (callers == null) {
            synchronized (this) {
                callers = asyncCallers;
                if (callers == null) {
                    callers = PoolThreads.newAsyncCallers();
                    asyncCallers = callers;
                }
            }
        }
        return callers;
    }

    UsageException closedError() {
        return new UsageException("The InterpreterPool is closed");
    }
}
