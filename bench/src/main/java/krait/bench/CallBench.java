package krait.bench;

import java.util.concurrent.TimeUnit;

import jep.Interpreter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single calls through the jep API on a SharedInterpreter opened on the
 * benchmark thread (Scope.Thread: JMH runs setup on that thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallBench {
    /** 1 MiB of ASCII text. */
    static final String MIB = "0123456789abcdef".repeat(1 << 16);

    Interpreter py;
    int i;

    @Setup(Level.Trial)
    public void open() throws Exception {
        py = Py.shared();
        py.exec("def f():\n    pass\n");
        py.exec("def add(a, b):\n    return a + b\n");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        py.close();
    }

    @Benchmark
    public Object invokeNoArgs() throws Exception {
        return py.invoke("f");
    }

    @Benchmark
    public Object invokeAdd() throws Exception {
        return py.invoke("add", 1, 2);
    }

    @Benchmark
    public void execPass() throws Exception {
        py.exec("pass");
    }

    @Benchmark
    public Object setGetInt() throws Exception {
        py.set("x", i++);
        return py.getValue("x");
    }

    @Benchmark
    public Object getValueExpr() throws Exception {
        return py.getValue("1+2");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object setGetString1MiB() throws Exception {
        py.set("s", MIB);
        return py.getValue("s");
    }
}
