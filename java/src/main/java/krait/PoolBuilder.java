package krait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import jep.Interpreter;
import jep.JepException;

import org.jspecify.annotations.Nullable;

/** Builds an {@link InterpreterPool} ({@link InterpreterPool#builder}); every setting has a default. */
public final class PoolBuilder {

    final InterpreterKind kind;
    int min = 1;
    int max = Math.max(1, Runtime.getRuntime().availableProcessors());
    Duration idleTimeout = Duration.ofMinutes(5);
    Duration acquireTimeout = Duration.ofSeconds(30);
    Duration callTimeout;
    Duration interruptGrace = Duration.ofMillis(200);
    Duration closeGrace = Duration.ofSeconds(5);
    final List<Consumer<Interpreter>> warmUp = new ArrayList<>();
    String healthCheck;
    Duration healthInterval = Duration.ofSeconds(30);
    Duration healthDeadline = Duration.ofSeconds(1);

    PoolBuilder(InterpreterKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Interpreters kept open at all times (default 1).
     *
     * @param min at least 0, at most max
     * @return this builder
     */
    public PoolBuilder min(int min) {
        this.min = min;
        return this;
    }

    /**
     * Interpreters open at most, so calls running at once (default: the number of cores).
     *
     * @param max at least 1
     * @return this builder
     */
    public PoolBuilder max(int max) {
        this.max = max;
        return this;
    }

    /**
     * How long an interpreter above {@code min} may stay idle before it is closed (default 5 min).
     *
     * @param idleTimeout the time
     * @return this builder
     */
    public PoolBuilder idleTimeout(Duration idleTimeout) {
        this.idleTimeout = positive(idleTimeout, "idleTimeout");
        return this;
    }

    /**
     * How long a call waits for a free interpreter before {@link PoolExhaustedException} (default 30 s).
     *
     * @param acquireTimeout the time
     * @return this builder
     */
    public PoolBuilder acquireTimeout(Duration acquireTimeout) {
        this.acquireTimeout = Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        return this;
    }

    /**
     * The deadline of calls that give none (default: none).
     *
     * @param callTimeout the deadline, or null for none
     * @return this builder
     */
    public PoolBuilder callTimeout(@Nullable Duration callTimeout) {
        this.callTimeout = callTimeout;
        return this;
    }

    /**
     * How long interrupted code may take to stop before its interpreter is retired (default 200 ms).
     *
     * @param interruptGrace the time
     * @return this builder
     */
    public PoolBuilder interruptGrace(Duration interruptGrace) {
        this.interruptGrace = Objects.requireNonNull(interruptGrace, "interruptGrace");
        return this;
    }

    /**
     * How long {@link InterpreterPool#close()} lets running calls finish before interrupting
     * them (default 5 s).
     *
     * @param closeGrace the time
     * @return this builder
     */
    public PoolBuilder closeGrace(Duration closeGrace) {
        this.closeGrace = Objects.requireNonNull(closeGrace, "closeGrace");
        return this;
    }

    /**
     * Python code run in each new interpreter before its first call (imports, set-up).
     *
     * @param code the Python source
     * @return this builder
     */
    public PoolBuilder warmUp(String code) {
        Objects.requireNonNull(code, "code");
        warmUp.add(interp -> interp.exec(code));
        return this;
    }

    /**
     * Java set-up run with each new interpreter on its thread before its first call (for
     * example {@code interp.set("data", buffer)}).
     *
     * @param step the set-up
     * @return this builder
     */
    public PoolBuilder warmUp(Consumer<Interpreter> step) {
        warmUp.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    /**
     * A health check: every {@code interval}, each idle interpreter evaluates {@code expr};
     * one that raises, gives a false value or None, or takes longer than {@code deadline}
     * is retired and replaced.
     *
     * @param expr a Python expression, such as {@code "1 + 1"}
     * @param interval how often
     * @param deadline how long one evaluation may take
     * @return this builder
     */
    public PoolBuilder healthCheck(String expr, Duration interval, Duration deadline) {
        this.healthCheck = Objects.requireNonNull(expr, "expr");
        this.healthInterval = positive(interval, "interval");
        this.healthDeadline = positive(deadline, "deadline");
        return this;
    }

    /**
     * Builds the pool and opens its {@code min} interpreters.
     *
     * @return the pool
     * @throws UsageException for inconsistent settings
     * @throws JepException when an interpreter cannot open
     */
    public InterpreterPool build() {
        if (max < 1 || min < 0 || min > max) {
            throw new UsageException("An InterpreterPool needs 0 <= min <= max and max >= 1, got min " + min
                    + ", max " + max);
        }
        return InterpreterPool.open(this);
    }

    private static Duration positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new UsageException(what + " must be a positive duration, got " + duration);
        }
        return duration;
    }
}

