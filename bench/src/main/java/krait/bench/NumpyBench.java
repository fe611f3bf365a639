package krait.bench;

import java.lang.reflect.Constructor;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
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
 * A 10^6-element DirectNDArray into numpy and back (set + getValue), per round trip.
 * jep.DirectNDArray is reached by reflection so that this compiles against a jep
 * API without it; scripts/bench.sh runs this class only when the jar has
 * jep/DirectNDArray.class.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NumpyBench {
    static final int N = 1_000_000;

    Interpreter py;
    Object array;

    @Setup(Level.Trial)
    public void open() throws Exception {
        py = Py.shared();
        py.exec("import numpy");
        DoubleBuffer data = ByteBuffer.allocateDirect(8 * N).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        for (int i = 0; i < N; i++) {
            data.put(i, i);
        }
        Constructor<?> make = Class.forName("jep.DirectNDArray").getConstructor(Buffer.class, int[].class);
        array = make.newInstance(data, new int[] {N});
        py.set("a", array);
        Object kind = py.getValue("type(a).__name__ + ' ' + str(a.shape) + ' ' + str(a[-1])");
        if (!("ndarray (" + N + ",) " + (double) (N - 1)).equals(kind)) {
            throw new IllegalStateException("DirectNDArray did not become a numpy array: " + kind);
        }
        Object back = py.getValue("a");
        System.out.println("[numpy] getValue of that array returns " + back.getClass().getName());
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        py.close();
    }

    @Benchmark
    public Object directNDArrayRoundTrip() throws Exception {
        py.set("a", array);
        return py.getValue("a");
    }
}
