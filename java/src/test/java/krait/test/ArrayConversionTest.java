package krait.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Java primitive arrays inside Python: byte[], short[], int[], long[], float[], double[] and
 * boolean[] set into Python support len, indexing, iteration and (for byte[]) bytes(); an int[]
 * round-trips through getValue(name, int[].class).
 */
class ArrayConversionTest {

    /** Checks len, indexing, list(x), iteration and the element type of the Python view of {@code array}. */
    private static void checkSequence(Interpreter interp, Object array, String pyList, String elemType) {
        String what = array.getClass().getSimpleName() + " " + pyList;
        interp.set("x", array);
        interp.exec("expected = " + pyList);
        assertEquals(interp.getValue("len(expected)"), interp.getValue("len(x)"), what + ": len");
        assertEquals(Boolean.TRUE, interp.getValue("list(x) == expected"), what + ": list(x) is " + interp.getValue("repr(list(x))"));
        assertEquals(Boolean.TRUE, interp.getValue("[v for v in x] == expected"), what + ": iteration");
        assertEquals(Boolean.TRUE, interp.getValue("x[0] == expected[0] and x[len(x) - 1] == expected[-1]"), what + ": indexing");
        assertEquals(elemType, interp.getValue("type(x[0]).__name__"), what + ": element type");
        assertEquals(Boolean.TRUE, interp.getValue("all(type(v).__name__ == '" + elemType + "' for v in x)"), what + ": element types");
    }

    @Test
    void byteArrayIsASignedSequenceWithRawBytes() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("x", new byte[] {1, -1});
            assertEquals(2L, interp.getValue("len(x)"));
            assertEquals(1L, interp.getValue("x[0]"));
            assertEquals(-1L, interp.getValue("x[1]"), "a Java byte -1 reads as -1 in Python");
            assertEquals(Arrays.asList(1L, -1L), interp.getValue("list(x)"));
            assertEquals(Boolean.TRUE, interp.getValue("bytes(x) == b'\\x01\\xff'"), "bytes(x) gives the raw bytes");
            assertArrayEquals(new byte[] {1, -1}, (byte[]) interp.getValue("bytes(x)"));
            checkSequence(interp, new byte[] {0, 127, -128, -1, 42}, "[0, 127, -128, -1, 42]", "int");
        }
    }

    @Test
    void bigByteArrayToBytes() {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("x", data);
            assertEquals((long) data.length, interp.getValue("len(x)"));
            assertEquals(Boolean.TRUE, interp.getValue("bytes(x) == bytes((i * 31) & 0xff for i in range(100000))"));
        }
    }

    @Test
    void shortArray() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkSequence(interp, new short[] {1, -2, Short.MAX_VALUE, Short.MIN_VALUE}, "[1, -2, 32767, -32768]", "int");
        }
    }

    @Test
    void intArray() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkSequence(interp, new int[] {7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE},
                    "[7, -1, 2147483647, -2147483648]", "int");
            interp.set("x", new int[] {10, 20, 30});
            assertEquals(60L, interp.getValue("sum(x)"));
            assertEquals(Boolean.TRUE, interp.getValue("20 in x"));
            assertEquals(Boolean.FALSE, interp.getValue("25 in x"));
        }
    }

    @Test
    void longArray() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkSequence(interp, new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE},
                    "[-2**63, 0, 2**63 - 1]", "int");
        }
    }

    @Test
    void floatArray() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkSequence(interp, new float[] {1.5f, -0.25f, 1e10f}, "[1.5, -0.25, 1e10]", "float");
        }
    }

    @Test
    void doubleArray() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkSequence(interp, new double[] {0.1, -2.5, 1e300}, "[0.1, -2.5, 1e300]", "float");
        }
    }

    @Test
    void booleanArray() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkSequence(interp, new boolean[] {true, false, true}, "[True, False, True]", "bool");
        }
    }

    @Test
    void emptyArrays() {
        try (Interpreter interp = new SharedInterpreter()) {
            for (Object a : new Object[] {new byte[0], new int[0], new double[0], new boolean[0]}) {
                interp.set("x", a);
                assertEquals(0L, interp.getValue("len(x)"), a.getClass().getSimpleName());
                assertEquals(Boolean.TRUE, interp.getValue("list(x) == []"), a.getClass().getSimpleName());
            }
            interp.set("x", new byte[0]);
            assertEquals(Boolean.TRUE, interp.getValue("bytes(x) == b''"));
        }
    }

    @Test
    void intArrayRoundTrip() {
        int[] in = {1, 2, 3, -4, Integer.MAX_VALUE};
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("x", in);
            assertArrayEquals(in, interp.getValue("x", int[].class));
            assertArrayEquals(new int[] {2, 4, 6}, interp.getValue("[v * 2 for v in list(x)[:3]]", int[].class));
        }
    }

    @Test
    void arraysAsInvokeArguments() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def total(xs):\n    return sum(xs)\ndef raw(b):\n    return bytes(b)");
            assertEquals(6L, interp.invoke("total", (Object) new int[] {1, 2, 3}));
            assertEquals(4.0, interp.invoke("total", (Object) new double[] {1.5, 2.5}));
            assertArrayEquals(new byte[] {5, -6}, (byte[]) interp.invoke("raw", (Object) new byte[] {5, -6}));
        }
    }

    @Test
    void arraysInSubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            interp.set("x", new byte[] {1, -1});
            assertEquals(Boolean.TRUE, interp.getValue("bytes(x) == b'\\x01\\xff'"));
            checkSequence(interp, new long[] {3, -3}, "[3, -3]", "int");
            checkSequence(interp, new double[] {0.5}, "[0.5]", "float");
        }
    }
}
