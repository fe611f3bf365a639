package krait.test;

import static krait.test.TestSupport.onNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * The {@code jep} package over the native {@code _jep} module, as in Jep: one {@code _jep}
 * for all SharedInterpreters, and the package with its embedded submodules in every kind of
 * interpreter.
 */
class JepPackageTest {

    @Test
    void sharedInterpretersShareTheNativeModule() {
        boolean same = onNewThread(() -> {
            try (Interpreter first = new SharedInterpreter()) {
                first.exec("import _jep, sys\nsys.krait_test_jep = _jep");
            }
            try (Interpreter second = new SharedInterpreter()) {
                second.exec("import _jep, sys");
                return second.getValue("sys.krait_test_jep is _jep", Boolean.class);
            }
        });
        assertTrue(same);
    }

    @Test
    void subInterpretersHaveThePackageAndItsSubmodules() {
        String found = onNewThread(() -> {
            try (Interpreter sub = new SubInterpreter()) {
                sub.exec("import jep, _jep\nfrom jep import jdbc");
                return sub.getValue("'%s %s %s' % (jep.findClass is _jep.findClass, jdbc.apilevel, "
                        + "hasattr(jep, '__path__'))", String.class);
            }
        });
        assertEquals("True 2.0 True", found);
    }
}
