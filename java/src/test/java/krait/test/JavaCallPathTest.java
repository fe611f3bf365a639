package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.SharedInterpreter;

/**
 * Python calling Java methods (issue 10's fast path: vectorcall, no bound method for instance
 * methods): overload choice stays the same whatever the order of argument types, static methods
 * reached through an instance get no receiver, bound and unbound forms agree, a Java exception
 * is raised as before, and a Java method may wait for another thread running Python in the same process.
 */
class JavaCallPathTest {

    private static Object eval(Interpreter interp, String expression) {
        return interp.getValue(expression);
    }

    @Test
    void overloadChoiceDoesNotDependOnCallOrder() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("from krait.fixtures import Overloads\n"
                    + "o = Overloads()\n"
                    + "args = [1, 'ab', None, o, 1.5, True, 'c', 2**40, 7]\n");
            List<String> expected = List.of("long", "String", "Object", "Object", "double", "boolean",
                    "String", "long", "long");
            for (String order : new String[] {"args", "args[::-1]", "args[3:] + args[:3]"}) {
                interp.exec("seen = {}\n"
                        + "for a in " + order + ":\n"
                        + "    seen[repr(a) if not hasattr(a, 'hashCode') else 'o'] = o.f(a)\n");
                for (int i = 0; i < expected.size(); i++) {
                    String key = i == 3 ? "'o'" : "repr(args[" + i + "])";
                    assertEquals(expected.get(i), eval(interp, "seen[" + key + "]"), order + " #" + i);
                }
            }
            assertEquals("int", eval(interp, "o.primitiveOrBoxed(3)"));
            assertEquals("Long", eval(interp, "o.boxed(3)"));
            assertEquals("Boolean", eval(interp, "o.boxed(False)"));
            assertEquals("0", eval(interp, "o.arity()"));
            assertEquals("1", eval(interp, "o.arity(1)"));
            assertEquals("2", eval(interp, "o.arity(1, 2)"));
            assertEquals("double,double", eval(interp, "o.pair(1, 2.5)"));
            assertEquals("int,int", eval(interp, "o.pair(1, 2)"));
        }
    }

    @Test
    void staticAndVarargsMethodsThroughAnInstanceOrTheClass() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("from krait.fixtures import Overloads\no = Overloads()\n");
            assertEquals("static int", eval(interp, "o.stat(1)"));
            assertEquals("static String", eval(interp, "o.stat('x')"));
            assertEquals("static int", eval(interp, "Overloads.stat(1)"));
            assertEquals(6, ((Number) eval(interp, "o.sum(1, 2, 3)")).intValue());
            assertEquals(0, ((Number) eval(interp, "Overloads.sum()")).intValue());
            assertEquals("a-b-c", eval(interp, "Overloads.join('-', 'a', 'b', 'c')"));
            assertEquals("n:2", eval(interp, "o.count('n', None, o)"));
            assertEquals(true, eval(interp, "isinstance(Overloads.__dict__['stat'], type(Overloads.__dict__['f']))"));
            assertEquals("PyJMethod", eval(interp, "type(Overloads.__dict__['stat']).__name__"));
            assertEquals("PyJMethod", eval(interp, "type(Overloads.__dict__['f']).__name__"));
        }
    }

    @Test
    void boundUnboundAndReboundCallsAgree() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("import gc\n"
                    + "from java.util import ArrayList\n"
                    + "from krait.fixtures import Overloads\n"
                    + "o = Overloads()\n"
                    + "a, b = ArrayList(), ArrayList()\n"
                    + "add = a.add\n"
                    + "a.add(1); b.add(2); add(3); ArrayList.add(b, 4); ArrayList.__dict__['add'].__get__(a)(5)\n"
                    + "a.add(0, 'first')\n"
                    + "kept = b.add\n"
                    + "del b\n"
                    + "gc.collect()\n"
                    + "kept('after gc')\n");
            assertEquals("[first, 1, 3, 5]", eval(interp, "str(a)"));
            assertEquals("[2, 4, after gc]", eval(interp, "str(kept.__self__)"));
            assertEquals("long", eval(interp, "Overloads.f(o, 1)"));
            assertEquals("String", eval(interp, "o.f.__func__(o, 'x')"));
            assertEquals(true, eval(interp, "a.add.__self__ is a"));
            interp.exec("try:\n"
                    + "    ArrayList.add(o, 1)\n"
                    + "    wrong = None\n"
                    + "except Exception as e:\n"
                    + "    wrong = type(e).__name__\n"
                    + "try:\n"
                    + "    o.f(x=1)\n"
                    + "    kw = None\n"
                    + "except Exception as e:\n"
                    + "    kw = type(e).__name__\n");
            assertEquals("TypeError", eval(interp, "wrong"));
            assertEquals("TypeError", eval(interp, "kw"));
        }
    }

    @Test
    void javaExceptionsRaiseAsBefore() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("from java.util import ArrayList\n"
                    + "from krait.fixtures import Relay\n"
                    + "def caught(f):\n"
                    + "    try:\n"
                    + "        f()\n"
                    + "    except Exception as e:\n"
                    + "        return type(e).__name__ + ': ' + str(e)\n"
                    + "r = Relay()\n");
            assertEquals("IndexOutOfBoundsException: java.lang.IndexOutOfBoundsException: Index 5 out of bounds for length 0",
                    eval(interp, "caught(lambda: ArrayList().get(5))"));
            assertEquals("IllegalStateException: java.lang.IllegalStateException: boom", eval(interp, "caught(lambda: r.fail('boom'))"));
            assertEquals("True", eval(interp, "str(ArrayList().isEmpty())"));
        }
    }

    @Test
    void javaMethodWaitingForAnotherThreadCallingPython() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Interpreter interp = new SharedInterpreter()) {
                interp.exec("from krait.fixtures import Relay\n"
                        + "r = Relay()\n"
                        + "got = [r.evalOnOtherThread(str(i) + ' * 2') for i in range(10)]\n");
                assertEquals(List.of("0", "2", "4", "6", "8", "10", "12", "14", "16", "18"), eval(interp, "got"));
            }
        });
    }
}
