package krait.test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Scalar conversions in both directions: null/None, booleans, every Java integer type to Python
 * int, float/double to Python float, Character to a one-character str, BigInteger to and from big
 * Python ints, Python int to Long (BigInteger only when it does not fit), Python float to Double;
 * through set+getValue, Python literals, and invoke arguments and results.
 */
class ScalarConversionTest {

    /** A Java value, the Python type name it must become, and the Python literal it must equal. */
    private static final class Case {
        final Object java;
        final String pyType;
        final String pyLiteral;
        final Object backInJava;

        Case(Object java, String pyType, String pyLiteral, Object backInJava) {
            this.java = java;
            this.pyType = pyType;
            this.pyLiteral = pyLiteral;
            this.backInJava = backInJava;
        }

        @Override
        public String toString() {
            return (java == null ? "null" : java.getClass().getSimpleName() + " " + java) + " -> " + pyLiteral;
        }
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(null, "NoneType", "None", null));
        c.add(new Case(Boolean.TRUE, "bool", "True", Boolean.TRUE));
        c.add(new Case(false, "bool", "False", Boolean.FALSE));
        c.add(new Case((byte) -5, "int", "-5", -5L));
        c.add(new Case(Byte.MAX_VALUE, "int", "127", 127L));
        c.add(new Case((short) -12345, "int", "-12345", -12345L));
        c.add(new Case(Integer.MAX_VALUE, "int", "2147483647", 2147483647L));
        c.add(new Case(Integer.MIN_VALUE, "int", "-2147483648", -2147483648L));
        c.add(new Case(0, "int", "0", 0L));
        c.add(new Case(Long.MAX_VALUE, "int", "9223372036854775807", Long.MAX_VALUE));
        c.add(new Case(Long.MIN_VALUE, "int", "-9223372036854775808", Long.MIN_VALUE));
        c.add(new Case(1.5f, "float", "1.5", 1.5d));
        c.add(new Case(0.1f, "float", "float.fromhex('" + Double.toHexString((double) 0.1f) + "')", (double) 0.1f));
        c.add(new Case(0.1d, "float", "0.1", 0.1d));
        c.add(new Case(-1.0e300, "float", "-1e300", -1.0e300));
        c.add(new Case(Double.POSITIVE_INFINITY, "float", "float('inf')", Double.POSITIVE_INFINITY));
        c.add(new Case('x', "str", "'x'", "x"));
        c.add(new Case('\u00e9', "str", "'\\xe9'", "\u00e9"));
        c.add(new Case('\u4e2d', "str", "'\\u4e2d'", "\u4e2d"));
        c.add(new Case(BigInteger.TWO.pow(100), "int", "2**100", BigInteger.TWO.pow(100)));
        c.add(new Case(BigInteger.TWO.pow(100).negate(), "int", "-2**100", BigInteger.TWO.pow(100).negate()));
        c.add(new Case(BigInteger.valueOf(5), "int", "5", 5L));
        return c;
    }

    @Test
    void javaScalarsBecomeTheRightPythonValuesWithSet() {
        try (Interpreter interp = new SharedInterpreter()) {
            List<Executable> checks = new ArrayList<>();
            for (Case c : cases()) {
                checks.add(() -> {
                    interp.set("v", c.java);
                    assertEquals(c.pyType, interp.getValue("type(v).__name__"), c + ": Python type");
                    assertEquals(Boolean.TRUE, interp.getValue("v == (" + c.pyLiteral + ")"), c + ": Python value");
                    assertEquals(c.backInJava, interp.getValue("v"), c + ": back in Java");
                });
            }
            assertAll(checks);
        }
    }

    @Test
    void javaScalarsBecomeTheRightPythonValuesAsInvokeArgumentsAndResults() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def typename(x):\n    return type(x).__name__\n"
                    + "def ident(x):\n    return x\n"
                    + "def same(x, literal):\n    return x == eval(literal)\n");
            List<Executable> checks = new ArrayList<>();
            for (Case c : cases()) {
                checks.add(() -> {
                    assertEquals(c.pyType, interp.invoke("typename", c.java), c + ": Python type");
                    assertEquals(Boolean.TRUE, interp.invoke("same", c.java, c.pyLiteral), c + ": Python value");
                    assertEquals(c.backInJava, interp.invoke("ident", c.java), c + ": back in Java");
                });
            }
            assertAll(checks);
        }
    }

    @Test
    void scalarsInSubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            List<Executable> checks = new ArrayList<>();
            for (Case c : cases()) {
                checks.add(() -> {
                    interp.set("v", c.java);
                    assertEquals(c.pyType, interp.getValue("type(v).__name__"), c + ": Python type");
                    assertEquals(c.backInJava, interp.getValue("v"), c + ": back in Java");
                });
            }
            assertAll(checks);
        }
    }

    @Test
    void pythonLiteralsBecomeJavaValues() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertNull(interp.getValue("None"));
            assertEquals(Boolean.TRUE, interp.getValue("True"));
            assertEquals(Boolean.FALSE, interp.getValue("1 == 2"));
            assertEquals(7L, interp.getValue("7"), "Python int -> Long");
            assertEquals(-7L, interp.getValue("-7"));
            assertEquals(2.5, interp.getValue("2.5"), "Python float -> Double");
            assertEquals(Double.NEGATIVE_INFINITY, interp.getValue("float('-inf')"));
            Object nan = interp.getValue("float('nan')");
            assertTrue(nan instanceof Double && ((Double) nan).isNaN(), () -> "nan -> Double NaN, got " + nan);
            assertEquals("x", interp.getValue("'x'"));
        }
    }

    @Test
    void pythonIntsBecomeLongUnlessTheyDoNotFit() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertEquals(Long.MAX_VALUE, interp.getValue("2**63 - 1"));
            assertEquals(Long.MIN_VALUE, interp.getValue("-2**63"));
            assertEquals(BigInteger.TWO.pow(63), interp.getValue("2**63"));
            assertEquals(BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE), interp.getValue("-2**63 - 1"));
            assertEquals(BigInteger.TWO.pow(100), interp.getValue("2**100"));
            assertEquals(new BigInteger("-123456789012345678901234567890123456789"),
                    interp.getValue("-123456789012345678901234567890123456789"));
            BigInteger huge = BigInteger.valueOf(3).pow(2000);
            assertEquals(huge, interp.getValue("3**2000"));
            interp.set("h", huge);
            assertEquals(Boolean.TRUE, interp.getValue("h == 3**2000"));
        }
    }

    @Test
    void boolIsNotConvertedToLong() {
        try (Interpreter interp = new SharedInterpreter()) {
            Object t = interp.getValue("True");
            assertTrue(t instanceof Boolean, () -> "bool is an int subclass but must become Boolean, got " + t);
            Object one = interp.getValue("int(True)");
            assertEquals(1L, one);
        }
    }

    @Test
    void lowSurrogateCharacterBecomesOneCodePoint() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("c", '\uD800');
            assertEquals(1L, interp.getValue("len(c)"));
            assertEquals(0xD800L, interp.getValue("ord(c)"));
            assertEquals("\uD800", interp.getValue("c"));
        }
    }
}
