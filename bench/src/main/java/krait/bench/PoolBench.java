package krait.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import krait.InterpreterKind;
import krait.InterpreterPool;

/**
 * krait's pool rows (issue 11), krait only (the pool is not part of the jep API):
 * <ul>
 * <li>round trip of a trivial {@code pool.invoke("f")} from another thread than the
 * interpreter's (a hand-off between two threads);</li>
 * <li>CPU-bound throughput of an isolated (own-GIL) pool of N on N cores against one
 * interpreter: speedup = N * t(1 call) / t(N calls at once);</li>
 * <li>N isolated interpreters each summing the same 100 MB direct buffer through
 * {@code memoryview.cast('q')}: the speedup, and how much resident memory the N views added.</li>
 * </ul>
 *
 * <pre>java -cp krait.jar:benchmarks.jar krait.bench.PoolBench [out.json] [rounds] [n]</pre>
 */
public final class PoolBench {
    private PoolBench() {}

    static final String WORK = "def work(n):\n"
            + "    s = 0\n"
            + "    for i in range(n):\n"
            + "        s += i * i % 7\n"
            + "    return s\n";

    /** The dataset of the memoryview row. */
    static final int DATASET_BYTES = 100 * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        Path out = args.length > 0 ? Path.of(args[0]) : null;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 3_000_000;
        int cores = Runtime.getRuntime().availableProcessors();

        double roundTripNs = roundTrip(rounds);
        System.out.printf(Locale.ROOT, "[pool] invoke(\"f\") round trip from another thread: %.2f us%n",
                roundTripNs / 1e3);

        double[] cpu = cpuBound(cores, rounds, n);
        System.out.printf(Locale.ROOT, "[pool] isolated pool of %d, CPU-bound: t1 %.1f ms, t%d %.1f ms, speedup %.2f%n",
                cores, cpu[0], cores, cpu[1], cores * cpu[0] / cpu[1]);

        double[] mem = sharedSum(cores, rounds);
        System.out.printf(Locale.ROOT,
                "[pool] %d isolated interpreters summing one 100 MB buffer: t1 %.1f ms, t%d %.1f ms, speedup %.2f, "
                        + "RSS +%.1f MB for the %d views%n",
                cores, mem[0], cores, mem[1], cores * mem[0] / mem[1], mem[2], cores);

        if (out != null) {
            String json = String.format(Locale.ROOT,
                    "{\"cores\": %d, \"round_trip_ns\": %.1f, \"cpu_t1_ms\": %.1f, \"cpu_tn_ms\": %.1f, "
                            + "\"cpu_speedup\": %.3f, \"sum_t1_ms\": %.1f, \"sum_tn_ms\": %.1f, \"sum_speedup\": %.3f, "
                            + "\"sum_rss_growth_mb\": %.1f}",
                    cores, roundTripNs, cpu[0], cpu[1], cores * cpu[0] / cpu[1], mem[0], mem[1],
                    cores * mem[0] / mem[1], mem[2]);
            Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
        }
    }

    /** Median nanoseconds of one pool.invoke("f") from this thread (the pool's is another). */
    static double roundTrip(int rounds) {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(1).max(1)
                .warmUp("def f():\n    pass").build()) {
            int calls = 200_000;
            for (int i = 0; i < calls; i++) {
                pool.invoke("f");
            }
            double[] perCall = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    pool.invoke("f");
                }
                perCall[r] = (System.nanoTime() - start) / (double) calls;
            }
            return median(perCall);
        }
    }

    /** {t1 ms, tN ms}: one call of work(n), then N at once, on an isolated pool of N. */
    static double[] cpuBound(int cores, int rounds, int n) throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.isolated(null)).min(cores).max(cores)
                .warmUp(WORK).build()) {
            return timeOneThenAll(pool, cores, rounds, "work(" + n + ")");
        }
    }

    /** {t1 ms, tN ms, RSS growth MB}: summing one 100 MB buffer in 1, then N interpreters at once. */
    static double[] sharedSum(int cores, int rounds) throws Exception {
        ByteBuffer data = ByteBuffer.allocateDirect(DATASET_BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < DATASET_BYTES / 8; i++) {
            data.putLong(i * 8, i & 0xff);
        }
        ByteBuffer readOnly = data.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.isolated(null)).min(cores).max(cores)
                .build()) {
            long before = residentBytes();
            onEach(pool, cores, interp -> {
                interp.set("data", readOnly);
                interp.exec("words = memoryview(data).cast('q')");
                return null;
            });
            double[] times = timeOneThenAll(pool, cores, rounds, "sum(words)");
            long after = residentBytes();
            return new double[] {times[0], times[1], (after - before) / 1e6};
        }
    }

    private static double[] timeOneThenAll(InterpreterPool pool, int cores, int rounds, String expr)
            throws Exception {
        pool.eval(expr);
        double[] one = new double[rounds];
        double[] all = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            pool.eval(expr);
            one[r] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            onEach(pool, cores, interp -> interp.getValue(expr));
            all[r] = (System.nanoTime() - start) / 1e6;
        }
        return new double[] {median(one), median(all)};
    }

    /** Runs {@code body} in each of the pool's {@code cores} interpreters at once. */
    private static void onEach(InterpreterPool pool, int cores,
            java.util.function.Function<jep.Interpreter, Object> body) throws Exception {
        CyclicBarrier together = new CyclicBarrier(cores);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            calls.add(pool.callAsync(interp -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return body.apply(interp);
            }));
        }
        for (CompletableFuture<Object> call : calls) {
            call.get();
        }
    }

    private static long residentBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
