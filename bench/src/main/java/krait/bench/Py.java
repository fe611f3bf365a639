package krait.bench;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

/** Opens interpreters the same way for krait and Jep (only jep API that both have). */
final class Py {
    private Py() {}

    static Interpreter shared() throws JepException {
        return new SharedInterpreter();
    }

    static Interpreter sub() throws JepException {
        return new SubInterpreter();
    }

    static Interpreter isolatedSub() throws JepException {
        return new SubInterpreter(new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated()));
    }

    /** Which implementation of the jep API is on the class path. */
    static String implementation() {
        try {
            Class.forName("jep.KraitNative");
            return "krait";
        } catch (ClassNotFoundException e) {
            return "jep";
        }
    }
}
