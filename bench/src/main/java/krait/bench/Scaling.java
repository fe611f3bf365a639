package krait.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import jep.Interpreter;

/**
 * CPU-bound Python on 1 thread vs 2 threads, each thread with its own
 * interpreter (SharedInterpreters: one GIL; isolated SubInterpreters: one GIL
 * each). The same fixed workload runs once per thread; speedup = 2 * t1 / t2,
 * the throughput of 2 threads over 1 (2.0 is perfect scaling). Each
 * measurement is the median of ROUNDS rounds after a warm-up round. Then
 * isolated SubInterpreters on 1, 2 and all available cores (see {@link #cores}),
 * so that the figure can be read on a bigger machine.
 *
 * <pre>java -cp jep.jar:benchmarks.jar krait.bench.Scaling [out.json] [rounds] [loopCount]</pre>
 */
public final class Scaling {
    private Scaling() {}

    interface Opener {
        Interpreter open() throws Exception;
    }

    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    static final String WORK = "def work(n):\n"
            + "    s = 0\n"
            + "    for i in range(n):\n"
            + "        s += i * i % 7\n"
            + "    return s\n";

    public static void main(String[] args) throws Exception {
        Path out = args.length > 0 ? Path.of(args[0]) : null;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 3_000_000;
        StringBuilder json = new StringBuilder("{\"implementation\": \"" + Py.implementation() + "\"");
        json.append(", \"rounds\": ").append(rounds).append(", \"n\": ").append(n);
        for (String mode : new String[] {"shared", "isolated"}) {
            Opener opener = mode.equals("shared") ? Py::shared : Py::isolatedSub;
            String result;
            try {
                double[] r = measure(opener, rounds, n);
                result = String.format(Locale.ROOT,
                        "{\"t1_ms\": %.1f, \"t2_ms\": %.1f, \"speedup\": %.3f, \"cpu_per_wall_2\": %.2f}",
                        r[0], r[1], 2 * r[0] / r[1], r[2]);
            } catch (Throwable t) {
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                result = "{\"error\": \"" + String.valueOf(root).replace("\\", "\\\\").replace("\"", "'")
                        .replace("\n", " ") + "\"}";
            }
            System.out.println("[scaling] " + Py.implementation() + " " + mode + ": " + result);
            json.append(", \"").append(mode).append("\": ").append(result);
        }
        json.append(", \"isolated_cores\": ").append(cores(rounds, n));
        json.append("}\n");
        if (out != null) {
            Files.writeString(out, json, StandardCharsets.UTF_8);
        }
    }

    /**
     * Isolated SubInterpreters (one GIL each) on 1, 2 and all available cores: for each
     * thread count k, the median wall time of k threads each running the workload once,
     * the speedup k * t(1) / t(k) (k is perfect) and the threads' CPU time over wall time
     * (k when they all really ran at once). A JSON array, or an object with the error.
     */
    static String cores(int rounds, int n) {
        int all = Runtime.getRuntime().availableProcessors();
        int[] counts = all > 2 ? new int[] {1, 2, all} : all == 2 ? new int[] {1, 2} : new int[] {1};
        StringBuilder out = new StringBuilder("[");
        double t1 = 0;
        try {
            for (int k : counts) {
                double[] times = new double[rounds];
                double[] cpu = new double[rounds];
                try (Workers workers = new Workers(k, Py::isolatedSub, n)) {
                    workers.round();
                    workers.cpuNanos.set(0);
                    for (int r = 0; r < rounds; r++) {
                        times[r] = workers.round();
                        cpu[r] = workers.cpuNanos.getAndSet(0) / 1e6 / times[r];
                    }
                }
                double t = median(times);
                if (k == 1) {
                    t1 = t;
                }
                String row = String.format(Locale.ROOT,
                        "{\"threads\": %d, \"t_ms\": %.1f, \"speedup\": %.3f, \"cpu_per_wall\": %.2f}",
                        k, t, k * t1 / t, median(cpu));
                System.out.println("[scaling] " + Py.implementation() + " isolated on " + k + " cores: " + row);
                out.append(out.length() > 1 ? ", " : "").append(row);
            }
        } catch (Throwable t) {
            Throwable root = t;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "{\"error\": \"" + String.valueOf(root).replace("\\", "\\\\").replace("\"", "'")
                    .replace("\n", " ") + "\"}";
        }
        return out.append("]").toString();
    }

    /**
     * Returns the median wall times (ms) of the workload on 1 thread and on 2
     * threads, and the median CPU time of the 2 threads over that wall time
     * (about 2.0 when both really ran at once, about 1.0 when they took turns
     * or the machine had only one core free).
     */
    static double[] measure(Opener opener, int rounds, int n) throws Exception {
        double[] t1 = new double[rounds];
        double[] t2 = new double[rounds];
        double[] cpu2 = new double[rounds];
        try (Workers one = new Workers(1, opener, n); Workers two = new Workers(2, opener, n)) {
            one.round();
            two.round();
            two.cpuNanos.set(0);
            for (int r = 0; r < rounds; r++) {
                t1[r] = one.round();
                t2[r] = two.round();
                cpu2[r] = two.cpuNanos.getAndSet(0) / 1e6 / t2[r];
            }
        }
        return new double[] {median(t1), median(t2), median(cpu2)};
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** Threads that each own an interpreter and run work(n) once per round. */
    static final class Workers implements AutoCloseable {
        final List<Thread> threads = new ArrayList<>();
        final CyclicBarrier start;
        final CyclicBarrier done;
        volatile boolean stop;
        volatile Throwable failure;
        final AtomicLong cpuNanos = new AtomicLong();

        Workers(int count, Opener opener, int n) throws Exception {
            start = new CyclicBarrier(count + 1);
            done = new CyclicBarrier(count + 1);
            CyclicBarrier ready = new CyclicBarrier(count + 1);
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(() -> {
                    try (Interpreter py = opener.open()) {
                        py.exec(WORK);
                        ready.await();
                        while (true) {
                            start.await();
                            if (stop) {
                                return;
                            }
                            long c0 = CPU.getCurrentThreadCpuTime();
                            try {
                                py.invoke("work", n);
                            } catch (Throwable e) {
                                failure = e;
                            }
                            cpuNanos.addAndGet(CPU.getCurrentThreadCpuTime() - c0);
                            done.await();
                        }
                    } catch (Throwable e) {
                        failure = e;
                        ready.reset();
                        start.reset();
                        done.reset();
                    }
                }, "scaling-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            ready.await();
            check();
        }

        /** One round: every thread runs work(n) once; returns the wall time in ms. */
        double round() throws Exception {
            long t0 = System.nanoTime();
            start.await();
            done.await();
            long t = System.nanoTime() - t0;
            check();
            return t / 1e6;
        }

        void check() throws Exception {
            if (failure != null) {
                throw new Exception(failure);
            }
        }

        @Override
        public void close() throws Exception {
            stop = true;
            try {
                start.await();
            } catch (Exception ignored) {
                // a failed worker broke the barrier
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
        }
    }
}
