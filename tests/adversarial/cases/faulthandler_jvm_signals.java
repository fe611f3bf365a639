// Python's faulthandler enabled by user code (pytest does) must not take the
// JVM's own SIGSEGVs: implicit null checks and safepoint polls in JIT-compiled
// Java code, after faulthandler.enable().
import jep.SharedInterpreter;
import jep.SubInterpreter;

public class faulthandler_jvm_signals {
    static int length(String s) {
        return s.length();
    }

    static long spin(int rounds) {
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            try {
                total += length(i % 1000 == 0 ? null : "abc");
            } catch (NullPointerException e) {
                total--;
            }
            if (i % 100_000 == 0) {
                System.gc();
            }
        }
        return total;
    }

    public static void main(String[] args) {
        try (SharedInterpreter py = new SharedInterpreter()) {
            py.exec("import faulthandler, sys\nfaulthandler.enable(file=sys.stderr, all_threads=True)");
            if (!(Boolean) py.getValue("faulthandler.is_enabled()")) {
                throw new AssertionError("faulthandler.is_enabled() should stay True");
            }
            long total = spin(3_000_000);
            py.exec("faulthandler.disable()\nfaulthandler.enable()");
            total += spin(1_000_000);
            System.out.println("survived in a shared interpreter: " + total);
        }
        try (SubInterpreter py = new SubInterpreter()) {
            py.exec("import faulthandler\nfaulthandler.enable()");
            System.out.println("survived in a sub-interpreter: " + spin(2_000_000));
        }
    }
}
