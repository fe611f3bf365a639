// Soak: resident memory per SubInterpreter open/close cycle, inside the JVM.
// Usage: java -cp krait.jar soak_krait.java legacy|isolated CYCLES
// Prints "KRAIT_SOAK <mode> <bytes per cycle>" for each of three blocks.
import java.nio.file.Files;
import java.nio.file.Path;

import jep.JepConfig;
import jep.MainInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

public class soak_krait {
    static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    static void cycles(JepConfig config, int n) {
        for (int i = 0; i < n; i++) {
            try (SubInterpreter py = new SubInterpreter(config)) {
                py.exec("x = 1");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        JepConfig config = new JepConfig();
        if (mode.equals("isolated")) {
            config.setSubInterpreterOptions(SubInterpreterOptions.isolated());
        }
        cycles(config, n / 5);
        for (int block = 0; block < 3; block++) {
            System.gc();
            long before = rss();
            cycles(config, n);
            System.gc();
            long after = rss();
            System.out.println("KRAIT_SOAK " + mode + " " + (after - before) / n);
        }
    }
}
