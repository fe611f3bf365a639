package krait;

import java.util.Map;

import jep.Interpreter;
import jep.JepException;

/**
 * The view of a pooled interpreter that {@link InterpreterPool#call} lends to its function:
 * usable only during that call, on the pool's thread; the pool alone closes the interpreter.
 */
final class PooledInterpreter implements Interpreter {

    private final Interpreter target;
    private volatile boolean lent;

    PooledInterpreter(Interpreter target) {
        this.target = target;
    }

    /** Lends the interpreter to one call ({@code true}) or takes it back. */
    /** The interpreter this one lends. */
    Interpreter target() {
        return target;
    }

    void lend(boolean lent) {
        this.lent = lent;
    }

    private Interpreter use() {
        if (!lent) {
            throw new UsageException("A pooled interpreter is usable only inside the InterpreterPool.call "
                    + "that lent it; keep results (converted to Java values), not the interpreter");
        }
        return target;
    }

    @Override
    public Object invoke(String name, Object... args) throws JepException {
        return use().invoke(name, args);
    }

    @Override
    public Object invoke(String name, Map<String, Object> kwargs) throws JepException {
        return use().invoke(name, kwargs);
    }

    @Override
    public Object invoke(String name, Object[] args, Map<String, Object> kwargs) throws JepException {
        return use().invoke(name, args, kwargs);
    }

    @Override
    public boolean eval(String line) throws JepException {
        return use().eval(line);
    }

    @Override
    public void exec(String code) throws JepException {
        use().exec(code);
    }

    @Override
    public void runScript(String path) throws JepException {
        use().runScript(path);
    }

    @Override
    public Object getValue(String expr) throws JepException {
        return use().getValue(expr);
    }

    @Override
    public <T> T getValue(String expr, Class<T> clazz) throws JepException {
        return use().getValue(expr, clazz);
    }

    @Override
    public void set(String name, Object value) throws JepException {
        use().set(name, value);
    }

    @Override
    public Interpreter attach(boolean shareGlobals) {
        throw new UsageException("A pooled interpreter cannot be attached to other threads");
    }

    @Override
    public void close() throws JepException {
        throw new UsageException("A pooled interpreter is closed by its InterpreterPool, not by a call");
    }
}
