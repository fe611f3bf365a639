package krait.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jep.Interpreter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Per-element costs of bulk data crossing the boundary (scores are per element / per call). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BulkBench {
    static final int N = 1_000_000;
    /** Java calls per invocation of callJavaFromPython. */
    static final int CALLS = 100_000;

    Interpreter py;

    @Setup(Level.Trial)
    public void open() throws Exception {
        py = Py.shared();
        py.exec("big = list(range(" + N + "))");
        // A Java List<Integer> of 10^6 that Python sees as a Java object (not a copy):
        // made by Java code called from Python, so both krait and Jep wrap it.
        py.exec("from krait.bench import Data\n"
                + "jl = Data.integers(" + N + ")\n"
                + "def iterate():\n"
                + "    for x in jl:\n"
                + "        pass\n");
        py.exec("from java.util import ArrayList\n"
                + "def fill():\n"
                + "    al = ArrayList()\n"
                + "    for i in range(" + CALLS + "):\n"
                + "        al.add(i)\n"
                + "    return al.size()\n");
        check(py.getValue("len(big)"), N);
        py.invoke("iterate");
        check(py.invoke("fill"), CALLS);
    }

    private static void check(Object got, int want) {
        if (!(got instanceof Number) || ((Number) got).intValue() != want) {
            throw new IllegalStateException("expected " + want + ", got " + got);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        py.close();
    }

    /** getValue of a Python list of 10^6 ints, per element. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object getList() throws Exception {
        List<?> list = (List<?>) py.getValue("big");
        if (list.size() != N) {
            throw new IllegalStateException("size " + list.size());
        }
        return list;
    }

    /** Python iterating a Java List<Integer> of 10^6, per element. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object iterateJavaList() throws Exception {
        return py.invoke("iterate");
    }

    /** Python calling al.add(i) on a java.util.ArrayList in a loop, per call. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object callJavaFromPython() throws Exception {
        return py.invoke("fill");
    }
}
