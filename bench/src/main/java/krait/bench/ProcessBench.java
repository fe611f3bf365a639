package krait.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import krait.ProcessInterpreter;

/**
 * {@code krait.ProcessInterpreter} (issue 12): the round trip of {@code invoke("f")}, of a
 * 1 MiB {@code bytes} value ({@code invoke("echo", bytes)}), and a child's start to ready
 * (constructor; close not timed). Each figure is the median of ROUNDS rounds after a
 * warm-up. krait only (Jep has no process interpreter), so this is a plain program, not JMH.
 *
 * <pre>java -cp krait.jar:benchmarks.jar krait.bench.ProcessBench [out.json] [rounds]</pre>
 */
public final class ProcessBench {
    private ProcessBench() {}

    private static final int CALLS_PER_ROUND = 20_000;
    private static final int BYTES_PER_ROUND = 100;
    private static final int STARTS = 15;

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "krait-process.json");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double invokeNs;
        double bytesNs;
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec("def f():\n    pass\ndef echo(x):\n    return x\n");
            double[] times = new double[rounds];
            for (int r = -1; r < rounds; r++) {
                long t = System.nanoTime();
                for (int i = 0; i < CALLS_PER_ROUND; i++) {
                    interp.invoke("f");
                }
                if (r >= 0) {
                    times[r] = (System.nanoTime() - t) / (double) CALLS_PER_ROUND;
                }
            }
            invokeNs = median(times);
            byte[] mib = new byte[1 << 20];
            for (int r = -1; r < rounds; r++) {
                long t = System.nanoTime();
                for (int i = 0; i < BYTES_PER_ROUND; i++) {
                    if (((byte[]) interp.invoke("echo", (Object) mib)).length != mib.length) {
                        throw new AssertionError("wrong echo");
                    }
                }
                if (r >= 0) {
                    times[r] = (System.nanoTime() - t) / (double) BYTES_PER_ROUND;
                }
            }
            bytesNs = median(times);
        }
        double[] starts = new double[STARTS];
        for (int i = 0; i < STARTS; i++) {
            long t = System.nanoTime();
            ProcessInterpreter interp = new ProcessInterpreter();
            starts[i] = System.nanoTime() - t;
            interp.close();
        }
        double startNs = median(starts);
        String json = String.format(Locale.ROOT, "{\"invoke_ns\": %.1f, \"bytes_1mib_ns\": %.1f, \"start_ns\": %.1f}%n",
                invokeNs, bytesNs, startNs);
        Files.writeString(out, json, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "[process] invoke(\"f\") %.2f us, 1 MiB bytes round trip %.3f ms, "
                + "start to ready %.1f ms%n", invokeNs / 1e3, bytesNs / 1e6, startNs / 1e6);
    }
}
