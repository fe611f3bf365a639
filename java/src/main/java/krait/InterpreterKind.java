package krait;

import java.util.Objects;
import java.util.function.Supplier;

import jep.Interpreter;
import jep.JepConfig;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

import org.jspecify.annotations.Nullable;

/**
 * What kind of interpreter an {@link InterpreterPool} opens: a name and a way to open one on
 * the calling thread (each pooled interpreter is opened, used and closed on a platform thread
 * of its own). Adding a kind is one implementation of this interface, or {@link #of}.
 */
public interface InterpreterKind {

    /**
     * A short name for messages and statistics, such as {@code shared}.
     *
     * @return the name
     */
    String name();

    /**
     * Opens a new interpreter bound to the calling thread.
     *
     * @return the interpreter
     */
    Interpreter open();

    /**
     * Whether an interpreter of this kind that has just finished a call can serve more: the pool
     * retires and replaces one that cannot (such as a {@link ProcessInterpreter} whose child
     * process died). krait's in-process interpreters always can.
     *
     * @param interp an interpreter this kind opened
     * @return true when it can serve more calls
     */
    default boolean usable(Interpreter interp) {
        return true;
    }

    /**
     * Called when the pool gives up on an interpreter whose call did not stop within the
     * interrupt grace period (from the caller's thread, while the call may still run): a kind
     * that can end such a call from outside does it here (a {@link ProcessInterpreter} kills its
     * child). krait's in-process interpreters cannot be stopped inside C code: nothing happens,
     * and the pool leaves their thread to finish.
     *
     * @param interp an interpreter this kind opened
     */
    default void abandon(Interpreter interp) {
    }

    /**
     * A kind with that name whose interpreters {@code opener} opens.
     *
     * @param name the name
     * @param opener opens an interpreter on the calling thread
     * @return the kind
     */
    static InterpreterKind of(String name, Supplier<? extends Interpreter> opener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opener, "opener");
        return new InterpreterKind() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Interpreter open() {
                return opener.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * {@link SharedInterpreter}s: all in CPython's main interpreter (one GIL), with the
     * configuration of {@link SharedInterpreter#setConfig}.
     *
     * @return the kind
     */
    static InterpreterKind shared() {
        return of("shared", SharedInterpreter::new);
    }

    /**
     * {@link SharedInterpreter}s with that configuration, which this sets for every
     * shared interpreter of the process through {@link SharedInterpreter#setConfig}.
     *
     * @param config their configuration
     * @return the kind
     * @throws jep.JepException if a shared interpreter was already opened in this process
     */
    static InterpreterKind shared(JepConfig config) {
        SharedInterpreter.setConfig(config);
        return shared();
    }

    /**
     * Legacy {@link SubInterpreter}s: modules of their own, the main GIL.
     *
     * @param config their configuration (its sub-interpreter options are set to legacy), or null
     * @return the kind
     */
    static InterpreterKind sub(@Nullable JepConfig config) {
        JepConfig effective = (config == null ? new JepConfig() : config)
                .setSubInterpreterOptions(SubInterpreterOptions.legacy());
        return of("sub", () -> new SubInterpreter(effective));
    }

    /**
     * Isolated {@link SubInterpreter}s with a GIL of their own each (CPython 3.12 and newer), so
     * that N of them run Python on N cores; before 3.12 CPython ignores the options, as in Jep,
     * and they are legacy sub-interpreters.
     *
     * @param config their configuration (its sub-interpreter options are set to isolated), or null
     * @return the kind
     */
    static InterpreterKind isolated(@Nullable JepConfig config) {
        JepConfig effective = (config == null ? new JepConfig() : config)
                .setSubInterpreterOptions(SubInterpreterOptions.isolated());
        return of("isolated", () -> new SubInterpreter(effective));
    }

    /**
     * {@link ProcessInterpreter}s: each a CPython child process, so that a crash, {@code
     * os._exit()} or a hang in Python ends one child, never the JVM; the pool replaces a child
     * that died, and its timeouts interrupt (SIGINT) and then kill it.
     *
     * @param settings how each child is started (the builder is reused for every child)
     * @return the kind
     */
    static InterpreterKind process(ProcessInterpreter.Builder settings) {
        Objects.requireNonNull(settings, "settings");
        return new InterpreterKind() {
            @Override
            public String name() {
                return "process";
            }

            @Override
            public Interpreter open() {
                return settings.start();
            }

            @Override
            public boolean usable(Interpreter interp) {
                return !(interp instanceof ProcessInterpreter child) || child.unusableReason() == null;
            }

            @Override
            public void abandon(Interpreter interp) {
                if (interp instanceof ProcessInterpreter child) {
                    child.kill();
                }
            }

            @Override
            public String toString() {
                return "process";
            }
        };
    }
}
