// Errors of Python objects used where they cannot be say why: on the wrong
// thread (while their interpreter is open) "Invalid thread access", and
// after their SubInterpreter closed (even with a new one open on the same
// thread) that their interpreter is closed.
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jep.SubInterpreter;

public class proxy_messages {
    static String failure(Runnable run) {
        try {
            run.run();
            return "no exception";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        SubInterpreter first = new SubInterpreter();
        Supplier<Object> supplier = first.getValue("lambda: 'hi'", Supplier.class);
        check("hi".equals(supplier.get()), "the proxy works on its thread");
        String elsewhere = CompletableFuture.supplyAsync(() -> failure(supplier::toString)).get();
        check(elsewhere.contains("Invalid thread access") && !elsewhere.contains("closed"),
                "wrong thread while open: " + elsewhere);
        first.close();
        try (SubInterpreter second = new SubInterpreter()) {
            String closed = failure(supplier::toString);
            check(closed.contains("closed") && !closed.contains("Invalid thread"),
                    "closed interpreter, another open: " + closed);
            String called = failure(supplier::get);
            check(called.contains("closed") && !called.contains("Invalid thread"),
                    "closed interpreter, called: " + called);
        }
        System.out.println("ok");
    }
}
