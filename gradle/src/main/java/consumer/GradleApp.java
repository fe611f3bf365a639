package consumer;

import java.util.List;

import jep.Interpreter;
import jep.SharedInterpreter;

/** Java calls Python, which calls back into this class; prints what came back. */
public final class GradleApp {

    private GradleApp() {
    }

    /**
     * Called from Python.
     *
     * @param name who to greet
     * @return the greeting
     */
    public static String greet(String name) {
        return "hello, " + name;
    }

    /**
     * Runs the round trip and fails loudly when Python's answer is not the expected one.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (Interpreter py = new SharedInterpreter()) {
            py.exec("from consumer import GradleApp");
            py.set("names", List.of("gradle", "python"));
            py.exec("greetings = [GradleApp.greet(n) for n in names]");
            Object greetings = py.getValue("greetings");
            List<String> expected = List.of("hello, gradle", "hello, python");
            if (!expected.equals(greetings)) {
                throw new AssertionError("expected " + expected + ", got " + greetings);
            }
            System.out.println("gradle consumer: " + greetings);
        }
    }
}
