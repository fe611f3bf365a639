// Closing a SubInterpreter frees the Python objects krait made in it (the jep
// module, its types and Java class wrappers): counted with
// sys.getallocatedblocks() of the main interpreter, whose allocator legacy
// sub-interpreters share. CPython 3.11 itself frees everything (0 blocks per
// cycle); 3.12 keeps about 1500 blocks per cycle of its own, so there the
// figure is only printed.
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jep.SharedInterpreter;
import jep.SubInterpreter;

public class sub_close_frees_python_objects {
    public static void main(String[] args) throws Exception {
        ExecutorService main = Executors.newSingleThreadExecutor();
        SharedInterpreter[] shared = new SharedInterpreter[1];
        main.submit(() -> {
            shared[0] = new SharedInterpreter();
            shared[0].exec("import gc, sys");
        }).get();
        int cycles = 50;
        double perCycle = 0;
        int minor = 0;
        for (int round = 0; round < 2; round++) {
            long before = main.submit(() -> {
                shared[0].exec("gc.collect()");
                return ((Number) shared[0].getValue("sys.getallocatedblocks()")).longValue();
            }).get();
            for (int i = 0; i < cycles; i++) {
                try (SubInterpreter py = new SubInterpreter()) {
                    py.exec("from java.util import ArrayList\nArrayList().add(1)\nimport sys");
                    minor = ((Number) py.getValue("sys.version_info[1]")).intValue();
                }
            }
            long after = main.submit(() -> {
                shared[0].exec("gc.collect()");
                return ((Number) shared[0].getValue("sys.getallocatedblocks()")).longValue();
            }).get();
            perCycle = (after - before) / (double) cycles;
        }
        main.submit(() -> shared[0].close()).get();
        main.shutdown();
        System.out.println("Python blocks left per SubInterpreter cycle: " + perCycle);
        if (minor == 11 && perCycle > 5) {
            throw new AssertionError("sub-interpreters leak " + perCycle + " blocks per cycle");
        }
    }
}
