package demo.app;

import jep.Interpreter;
import jep.SharedInterpreter;

/** Imports this application's own class into Python while krait and the application are modules. */
public final class ModularApp {

    private ModularApp() {
    }

    /**
     * Called from Python.
     *
     * @param x a number
     * @return twice x
     */
    public static int twice(int x) {
        return 2 * x;
    }

    /**
     * Fails loudly unless Python can import and call this class.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (Interpreter py = new SharedInterpreter()) {
            py.exec("from demo.app import ModularApp");
            Object result = py.getValue("ModularApp.twice(21)");
            if (!Long.valueOf(42).equals(result)) {
                throw new AssertionError("expected 42, got " + result);
            }
            String module = ModularApp.class.getModule().getName() + " with "
                    + Interpreter.class.getModule().getName();
            System.out.println("module path consumer: ModularApp.twice(21) = " + result + " (" + module + ")");
        }
    }
}
