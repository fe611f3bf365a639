package krait.bench;

import java.util.concurrent.TimeUnit;

import jep.Interpreter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Opening and closing interpreters (no interpreter is kept open on the benchmark thread). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LifecycleBench {
    @Benchmark
    public void sharedOpenClose() throws Exception {
        Interpreter py = Py.shared();
        py.close();
    }

    @Benchmark
    public void subOpenClose() throws Exception {
        Interpreter py = Py.sub();
        py.close();
    }

    @Benchmark
    public void isolatedSubOpenClose() throws Exception {
        Interpreter py = Py.isolatedSub();
        py.close();
    }
}
