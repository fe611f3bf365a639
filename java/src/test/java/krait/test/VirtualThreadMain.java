package krait.test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jep.JepException;
import jep.SharedInterpreter;
import krait.InterpreterKind;
import krait.InterpreterPool;

/**
 * Run by {@link VirtualThreadTest} in a child JVM of Java 21 or newer (this class is compiled
 * for Java 17, so it reaches virtual threads through reflection): opening a jep interpreter on
 * a virtual thread throws a JepException pointing to the pool, and a pool serves 10 000 virtual
 * threads at once with every result delivered once.
 */
public final class VirtualThreadMain {

    private static final int CALLERS = 10_000;

    private VirtualThreadMain() {
    }

    public static void main(String[] args) throws Exception {
        Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        Method isVirtual = Thread.class.getMethod("isVirtual");
        ExecutorService virtualThreads = (ExecutorService) factory.invoke(null);
        try {
            Future<String> refused = virtualThreads.submit(() -> {
                if (!(Boolean) isVirtual.invoke(Thread.currentThread())) {
                    return "not on a virtual thread";
                }
                try (SharedInterpreter interp = new SharedInterpreter()) {
                    return "opened";
                } catch (JepException e) {
                    return e.getClass().getName() + ": " + e.getMessage();
                }
            });
            System.out.println("REFUSED " + refused.get(60, TimeUnit.SECONDS));

            try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.shared()).min(2).max(2)
                    .warmUp("def echo(x):\n    return x").build()) {
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    int value = i;
                    results.add(virtualThreads.submit(() -> {
                        if (!(Boolean) isVirtual.invoke(Thread.currentThread())) {
                            throw new IllegalStateException("not on a virtual thread");
                        }
                        return pool.invoke("echo", value);
                    }));
                }
                Set<Integer> seen = new HashSet<>();
                int wrong = 0;
                for (int i = 0; i < CALLERS; i++) {
                    int got = ((Number) results.get(i).get(120, TimeUnit.SECONDS)).intValue();
                    if (got != i) {
                        wrong++;
                    }
                    seen.add(got);
                }
                System.out.println("VIRTUAL callers " + CALLERS + " distinct " + seen.size() + " wrong " + wrong
                        + " created " + pool.stats().created());
            }
        } finally {
            virtualThreads.shutdown();
        }
        System.out.println(ProbeMain.DONE);
    }
}
