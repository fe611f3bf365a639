package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.assertJepException;
import static krait.test.TestSupport.messageOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * getValue(expr, Class): coercion of Python values to a requested Java type (boxed and primitive
 * numbers, String, Character/char, BigInteger, List, int[]/double[]/String[], Object), and
 * JepExceptions naming both the Python and the Java type when the coercion is impossible.
 */
class TargetClassConversionTest {

    @Test
    void numbersToRequestedBoxedAndPrimitiveTypes() {
        try (Interpreter interp = new SharedInterpreter()) {
            Integer i = interp.getValue("5", Integer.class);
            assertEquals(Integer.valueOf(5), i);
            assertEquals(Integer.valueOf(5), interp.getValue("5", int.class));
            assertEquals(Integer.valueOf(-2147483648), interp.getValue("-2**31", Integer.class));
            assertEquals(Short.valueOf((short) 5), interp.getValue("5", Short.class));
            assertEquals(Short.valueOf((short) -300), interp.getValue("-300", short.class));
            assertEquals(Byte.valueOf((byte) 5), interp.getValue("5", Byte.class));
            assertEquals(Byte.valueOf((byte) -7), interp.getValue("-7", byte.class));
            assertEquals(Long.valueOf(5), interp.getValue("5", Long.class));
            assertEquals(Long.valueOf(Long.MAX_VALUE), interp.getValue("2**63 - 1", long.class));
            assertEquals(Float.valueOf(1.5f), interp.getValue("1.5", Float.class));
            assertEquals(Float.valueOf(1.5f), interp.getValue("1.5", float.class));
            assertEquals(Double.valueOf(2.0), interp.getValue("2", Double.class), "int 2 -> 2.0");
            assertEquals(Double.valueOf(0.1), interp.getValue("0.1", double.class));
            assertEquals(BigInteger.valueOf(5), interp.getValue("5", BigInteger.class));
            assertEquals(BigInteger.TWO.pow(70), interp.getValue("2**70", BigInteger.class));
            assertEquals(Boolean.TRUE, interp.getValue("True", Boolean.class));
            assertEquals(Boolean.FALSE, interp.getValue("1 > 2", boolean.class));
        }
    }

    @Test
    void stringsAndCharacters() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertEquals("abc", interp.getValue("'abc'", String.class));
            assertEquals("A\uD83D\uDE00B", interp.getValue("'A\\U0001F600B'", String.class));
            assertEquals(Character.valueOf('x'), interp.getValue("'x'", Character.class));
            assertEquals(Character.valueOf('x'), interp.getValue("'x'", char.class));
            assertEquals(Character.valueOf('\u4e2d'), interp.getValue("'\\u4e2d'", Character.class));
        }
    }

    @Test
    void collectionsAndArrays() {
        try (Interpreter interp = new SharedInterpreter()) {
            List<?> l = interp.getValue("[1, 2]", List.class);
            assertEquals(Arrays.asList(1L, 2L), l);
            assertArrayEquals(new int[] {1, 2, 3}, interp.getValue("[1,2,3]", int[].class));
            assertArrayEquals(new int[] {4, 5}, interp.getValue("(4, 5)", int[].class), "tuple -> int[]");
            assertArrayEquals(new int[0], interp.getValue("[]", int[].class));
            assertArrayEquals(new double[] {0.5, 1.5, 2.0}, interp.getValue("[0.5, 1.5, 2.0]", double[].class));
            assertArrayEquals(new String[] {"a", "b"}, interp.getValue("['a','b']", String[].class));
        }
    }

    @Test
    void objectTargetIsTheDefaultConversion() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertEquals(5L, interp.getValue("5", Object.class));
            assertEquals("s", interp.getValue("'s'", Object.class));
            assertInstanceOf(java.util.HashMap.class, interp.getValue("{'a': 1}", Object.class));
        }
    }

    @Test
    void intTooBigForInteger() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.getValue("2**70", Integer.class));
            assertContainsAll(messageOf(e), "int", "java.lang.Integer");
            JepException e2 = assertJepException(interp, () -> interp.getValue("2**70", Long.class));
            assertContainsAll(messageOf(e2), "int", "java.lang.Long");
            JepException e3 = assertJepException(interp, () -> interp.getValue("2**31", int.class));
            assertContainsAll(messageOf(e3), "int");
        }
    }

    @Test
    void strToInteger() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.getValue("'abc'", Integer.class));
            assertContainsAll(messageOf(e), "str", "java.lang.Integer");
        }
    }

    @Test
    void longStrToCharacter() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.getValue("'ab'", Character.class));
            assertContainsAll(messageOf(e), "str", "java.lang.Character");
            assertJepException(interp, () -> interp.getValue("''", char.class));
        }
    }

    @Test
    void mixedListToIntArray() {
        try (Interpreter interp = new SharedInterpreter()) {
            JepException e = assertJepException(interp, () -> interp.getValue("[1,'a']", int[].class));
            String m = messageOf(e);
            assertTrue(m.contains("int[]") || m.contains("[I"), () -> "message should name the Java type int[]: " + m);
            assertTrue(m.contains("str") || m.contains("list"), () -> "message should name the Python type: " + m);
        }
    }

    @Test
    void otherImpossibleCoercions() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertContainsAll(messageOf(assertJepException(interp, () -> interp.getValue("[1]", Integer.class))),
                    "list", "java.lang.Integer");
            assertContainsAll(messageOf(assertJepException(interp, () -> interp.getValue("{'a': 1}", List.class))),
                    "dict", "java.util.List");
        }
    }

    @Test
    void coercionInSubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            assertEquals(Integer.valueOf(5), interp.getValue("5", Integer.class));
            assertArrayEquals(new int[] {1, 2, 3}, interp.getValue("[1,2,3]", int[].class));
            JepException e = assertJepException(interp, () -> interp.getValue("'abc'", Integer.class));
            assertContainsAll(messageOf(e), "str", "java.lang.Integer");
        }
    }
}
