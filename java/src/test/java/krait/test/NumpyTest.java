package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.messageOf;
import static krait.test.TestSupport.pythonMinor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jep.DirectNDArray;
import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.NDArray;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

/**
 * numpy: NDArray (a copy) and DirectNDArray (shared memory) to numpy.ndarray and back for every
 * Java element type, with dimensions and the unsigned flag; ndarrays as primitive arrays; numpy
 * scalars as numbers; numpy in sub-interpreters fails with a clear ImportError, never a crash.
 * Skipped when numpy is not installed for the Python under test.
 */
class NumpyTest {

    private static boolean numpyInstalled;

    @BeforeAll
    static void importNumpyInTheMainInterpreter() {
        // The main interpreter imports numpy first, as applications would, so a later import in a
        // legacy sub-interpreter meets numpy's once-per-process rule.
        numpyInstalled = TestSupport.onNewThread(() -> {
            try (Interpreter interp = new SharedInterpreter()) {
                interp.exec("import importlib.util");
                if (!Boolean.TRUE.equals(interp.getValue("importlib.util.find_spec('numpy') is not None"))) {
                    return false;
                }
                interp.exec("import numpy");
                return true;
            }
        });
    }

    private static Interpreter open() {
        assumeTrue(numpyInstalled, "numpy is not installed");
        Interpreter interp = new SharedInterpreter();
        interp.exec("import numpy as np");
        return interp;
    }

    // ------------------------------------------------------------------ Java -> numpy

    /** Sets {@code array} as x and checks its dtype, shape and values in Python. */
    private static void checkToNumpy(Interpreter interp, NDArray<?> array, String dtype, String shape, String values) {
        interp.set("x", array);
        String what = dtype + " " + shape;
        assertEquals("ndarray", interp.getValue("type(x).__name__"), what);
        assertEquals(dtype, interp.getValue("x.dtype.name"), what);
        assertEquals(shape, interp.getValue("str(x.shape)"), what);
        assertEquals(Boolean.TRUE, interp.getValue("x.tolist() == " + values), () -> what + ": " + interp.getValue("repr(x.tolist())"));
        assertEquals(Boolean.TRUE, interp.getValue("x.flags.writeable and x.flags.c_contiguous"), what);
    }

    @Test
    void ndArrayOfEveryTypeBecomesAnNdarray() {
        try (Interpreter interp = open()) {
            checkToNumpy(interp, new NDArray<>(new boolean[] {true, false, true, true}, 2, 2), "bool", "(2, 2)",
                    "[[True, False], [True, True]]");
            checkToNumpy(interp, new NDArray<>(new byte[] {1, -1, 127, -128}), "int8", "(4,)", "[1, -1, 127, -128]");
            checkToNumpy(interp, new NDArray<>(new byte[] {1, -1, 127, -128}, true), "uint8", "(4,)", "[1, 255, 127, 128]");
            checkToNumpy(interp, new NDArray<>(new short[] {1, -1, 300}, 3, 1), "int16", "(3, 1)", "[[1], [-1], [300]]");
            checkToNumpy(interp, new NDArray<>(new short[] {1, -1, 300}, true, 1, 3), "uint16", "(1, 3)", "[[1, 65535, 300]]");
            checkToNumpy(interp, new NDArray<>(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2), "int32", "(2, 2, 2)",
                    "[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]");
            checkToNumpy(interp, new NDArray<>(new int[] {-1, Integer.MIN_VALUE}, true), "uint32", "(2,)",
                    "[4294967295, 2147483648]");
            checkToNumpy(interp, new NDArray<>(new long[] {Long.MAX_VALUE, -2}), "int64", "(2,)", "[9223372036854775807, -2]");
            checkToNumpy(interp, new NDArray<>(new long[] {-1}, true), "uint64", "(1,)", "[18446744073709551615]");
            checkToNumpy(interp, new NDArray<>(new float[] {0.5f, -2f, 1f, 3f, 4f, 5f}, 3, 2), "float32", "(3, 2)",
                    "[[0.5, -2.0], [1.0, 3.0], [4.0, 5.0]]");
            checkToNumpy(interp, new NDArray<>(new double[] {0.25, 1e300}), "float64", "(2,)", "[0.25, 1e300]");
            checkToNumpy(interp, new NDArray<>(new int[0]), "int32", "(0,)", "[]");
            checkToNumpy(interp, new NDArray<>(new double[] {2.5}, new int[0]), "float64", "()", "2.5");
        }
    }

    @Test
    void dtypesAsStringsAndScalarsAsBoxes() {
        try (Interpreter interp = open()) {
            // A dtype has no Java value of its own: as a String it is its str() (as in Jep).
            assertEquals("float32", interp.getValue("np.dtype('float32')", String.class));
            assertEquals("bool", interp.getValue("np.zeros(2, dtype=bool).dtype", String.class));
            assertEquals(Short.valueOf((short) 7), interp.getValue("np.int16(7)"));
            assertEquals(Long.valueOf(7), interp.getValue("np.int64(7)"));
        }
    }

    @Test
    void ndArrayIsACopy() {
        int[] data = {1, 2, 3};
        try (Interpreter interp = open()) {
            interp.set("x", new NDArray<>(data));
            interp.exec("x[0] = 100");
            assertEquals(1, data[0], "a write in Python does not reach the Java array");
            data[1] = 50;
            assertEquals(2L, interp.getValue("int(x[1])"), "a write in Java does not reach the ndarray");
        }
    }

    // ------------------------------------------------------------------ numpy -> Java

    /** Checks the NDArray that {@code expr} gives. */
    private static void checkFromNumpy(Interpreter interp, String expr, Object data, boolean unsigned, int... dims) {
        Object value = interp.getValue(expr);
        assertTrue(value instanceof NDArray, () -> expr + " gave " + value);
        NDArray<?> array = (NDArray<?>) value;
        assertEquals(data.getClass(), array.getData().getClass(), expr);
        assertArrayEquals(dims, array.getDimensions(), expr);
        assertEquals(unsigned, array.isUnsigned(), expr);
        assertEquals(new NDArray<>(data, unsigned, dims), array, expr);
    }

    @Test
    void ndarrayOfEveryDtypeBecomesAnNdArray() {
        try (Interpreter interp = open()) {
            checkFromNumpy(interp, "np.array([[True, False], [False, True]])", new boolean[] {true, false, false, true}, false, 2, 2);
            checkFromNumpy(interp, "np.array([1, -1, 127], dtype='int8')", new byte[] {1, -1, 127}, false, 3);
            checkFromNumpy(interp, "np.array([1, 255, 128], dtype='uint8')", new byte[] {1, -1, -128}, true, 3);
            checkFromNumpy(interp, "np.arange(6, dtype='int16').reshape(3, 2)", new short[] {0, 1, 2, 3, 4, 5}, false, 3, 2);
            checkFromNumpy(interp, "np.array([65535, 1], dtype='uint16')", new short[] {-1, 1}, true, 2);
            checkFromNumpy(interp, "np.arange(24, dtype='int32').reshape(2, 3, 4)[1, 2]", new int[] {20, 21, 22, 23}, false, 4);
            checkFromNumpy(interp, "np.array([4294967295], dtype='uint32')", new int[] {-1}, true, 1);
            checkFromNumpy(interp, "np.array([[2**62], [-5]], dtype='int64')", new long[] {1L << 62, -5}, false, 2, 1);
            checkFromNumpy(interp, "np.array([2**64 - 1], dtype='uint64')", new long[] {-1}, true, 1);
            checkFromNumpy(interp, "np.array([0.5, -1.5], dtype='float32')", new float[] {0.5f, -1.5f}, false, 2);
            checkFromNumpy(interp, "np.array([[0.25], [1e300]])", new double[] {0.25, 1e300}, false, 2, 1);
            checkFromNumpy(interp, "np.array(2.5)", new double[] {2.5}, false);
            // strided views, Fortran order and non-native byte order are copied in C order
            checkFromNumpy(interp, "np.arange(12, dtype='int32').reshape(3, 4)[::2, 1::2]", new int[] {1, 3, 9, 11}, false, 2, 2);
            checkFromNumpy(interp, "np.asfortranarray(np.arange(6, dtype='int64').reshape(2, 3))",
                    new long[] {0, 1, 2, 3, 4, 5}, false, 2, 3);
            checkFromNumpy(interp, "np.array([1, 256], dtype='>i4')", new int[] {1, 256}, false, 2);
        }
    }

    @Test
    void ndArrayRoundTrips() {
        try (Interpreter interp = open()) {
            NDArray<long[]> original = new NDArray<>(new long[] {1, 2, 3, 4, 5, 6}, true, 3, 2);
            interp.set("x", original);
            Object back = interp.getValue("x");
            assertEquals(original, back);
            assertEquals(original.hashCode(), back.hashCode());
            assertEquals(original, interp.getValue("x", NDArray.class));
        }
    }

    @Test
    void ndarrayAsAPrimitiveArray() {
        try (Interpreter interp = open()) {
            interp.exec("a = np.arange(6, dtype='int32').reshape(2, 3)");
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, interp.getValue("a", int[].class), "flat, C order");
            assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, interp.getValue("a.T", int[].class), "a transposed view");
            assertArrayEquals(new byte[] {1, -1}, interp.getValue("np.array([1, 255], dtype='uint8')", byte[].class),
                    "unsigned bytes keep their bits");
            assertArrayEquals(new boolean[] {true, false}, interp.getValue("np.array([True, False])", boolean[].class));
            assertArrayEquals(new float[] {0.5f, 2f}, interp.getValue("np.array([0.5, 2], dtype='float32')", float[].class));
            // casts: safe ones, integers whose values fit, float64 to float
            assertArrayEquals(new long[] {1, 2}, interp.getValue("np.array([1, 2], dtype='int8')", long[].class));
            assertArrayEquals(new double[] {1, 2}, interp.getValue("np.array([1, 2], dtype='int32')", double[].class));
            assertArrayEquals(new int[] {0, 1, 2}, interp.getValue("np.arange(3, dtype='int64')", int[].class));
            assertArrayEquals(new float[] {0.5f}, interp.getValue("np.array([0.5])", float[].class));
            JepException e = assertThrows(JepException.class,
                    () -> interp.getValue("np.array([2**40], dtype='int64')", int[].class));
            assertContainsAll(messageOf(e), "int64", "int[]", "out of range");
            e = assertThrows(JepException.class, () -> interp.getValue("np.array([1.5])", int[].class));
            assertContainsAll(messageOf(e), "float64", "int[]");
            e = assertThrows(JepException.class, () -> interp.getValue("np.array([1], dtype='int32')", char[].class));
            assertContainsAll(messageOf(e), "char[]");
        }
    }

    @Test
    void dtypesWithoutAJavaTypeAreNotNdArrays() {
        try (Interpreter interp = open()) {
            JepException e = assertThrows(JepException.class, () -> interp.getValue("np.array([1j])", NDArray.class));
            assertContainsAll(messageOf(e), "ndarray");
        }
    }

    // ------------------------------------------------------------------ DirectNDArray

    @Test
    void directNdArraySharesMemoryBothWays() {
        IntBuffer buffer = ByteBuffer.allocateDirect(6 * Integer.BYTES).order(ByteOrder.nativeOrder()).asIntBuffer();
        DirectNDArray<IntBuffer> direct = new DirectNDArray<>(buffer, 2, 3);
        try (Interpreter interp = open()) {
            interp.set("x", direct);
            assertEquals("int32 (2, 3)", interp.getValue("f'{x.dtype.name} {x.shape}'"));
            interp.exec("x[1, 2] = 42");
            assertEquals(42, buffer.get(5), "a write in Python is seen in the Java buffer");
            buffer.put(0, -7);
            assertEquals(-7L, interp.getValue("int(x[0, 0])"), "a write in Java is seen in the ndarray");
            interp.exec("x += 1");
            assertEquals(-6, buffer.get(0));
            assertEquals(43, buffer.get(5));
            assertSame(direct, interp.getValue("x"), "the ndarray converts back to the same DirectNDArray");
            assertSame(direct, interp.getValue("x", DirectNDArray.class));
            Object copy = interp.getValue("x[1:]");
            assertTrue(copy instanceof NDArray, "a slice is a new array: " + copy);
            assertArrayEquals(new int[] {1, 3}, ((NDArray<?>) copy).getDimensions());
            assertEquals(new NDArray<>(new int[] {-6, 1, 1, 1, 1, 43}, 2, 3), interp.getValue("x", NDArray.class),
                    "NDArray.class asks for a copy");
        }
    }

    @Test
    void onlyTheWholeViewOfADirectNdArrayConvertsBackToIt() {
        IntBuffer buffer = ByteBuffer.allocateDirect(9 * Integer.BYTES).order(ByteOrder.nativeOrder()).asIntBuffer();
        for (int i = 0; i < 9; i++) {
            buffer.put(i, i - 4);
        }
        DirectNDArray<IntBuffer> direct = new DirectNDArray<>(buffer, 3, 3);
        try (Interpreter interp = open()) {
            interp.set("x", direct);
            for (String whole : new String[] {"x", "x.view()", "x[...]", "x[:, :]", "x.view('int32')",
                "x.reshape(3, 3)", "x.T.T"}) {
                assertSame(direct, interp.getValue(whole), whole);
            }
            // Same memory, dtype and shape, but other strides or another start; or another dtype.
            for (String part : new String[] {"x.T", "x[::-1]", "x[:, ::-1]", "x[::-1, ::-1]", "x.view('uint32')",
                "x.view('float32')", "x.reshape(9)", "x[1:]", "x[:0]",
                "__import__('numpy').lib.stride_tricks.as_strided(x, strides=(4, 4))"}) {
                Object back = interp.getValue(part);
                assertInstanceOf(NDArray.class, back, part);
                assertEquals(interp.getValue("__import__('numpy').array(" + part + ", copy=True)"), back, part);
            }
            // Once the ndarray made for it is gone, a whole view of the memory still converts back.
            interp.exec("y = x.view(); del x");
            assertSame(direct, interp.getValue("y"));
            interp.exec("z = y.T.copy().T");
            assertInstanceOf(NDArray.class, interp.getValue("z"));
            assertInstanceOf(NDArray.class, interp.getValue("y[1:]"));
        }
    }

    @Test
    void directNdArrayOfEveryBufferType() {
        try (Interpreter interp = open()) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(4);
            checkDirect(interp, new DirectNDArray<>(bytes, true), "uint8");
            checkDirect(interp, new DirectNDArray<>(bytes), "int8");
            ShortBuffer shorts = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).asShortBuffer();
            checkDirect(interp, new DirectNDArray<>(shorts, true, 2, 2), "uint16");
            IntBuffer ints = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asIntBuffer();
            checkDirect(interp, new DirectNDArray<>(ints, true), "uint32");
            LongBuffer longs = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder()).asLongBuffer();
            checkDirect(interp, new DirectNDArray<>(longs), "int64");
            FloatBuffer floats = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asFloatBuffer();
            checkDirect(interp, new DirectNDArray<>(floats, 4, 1), "float32");
            DoubleBuffer doubles = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            checkDirect(interp, new DirectNDArray<>(doubles), "float64");

            // a big-endian view keeps its byte order
            IntBuffer big = ByteBuffer.allocateDirect(8).order(ByteOrder.BIG_ENDIAN).asIntBuffer();
            big.put(0, 258);
            interp.set("x", new DirectNDArray<>(big));
            assertEquals(">i4", interp.getValue("x.dtype.str"));
            assertEquals(258L, interp.getValue("int(x[0])"));
            interp.exec("x[1] = 65539");
            assertEquals(65539, big.get(1));
            assertArrayEquals(new int[] {258, 65539}, interp.getValue("x", int[].class));

            // a read-only buffer gives a read-only ndarray
            interp.set("x", new DirectNDArray<>(ByteBuffer.allocateDirect(2).asReadOnlyBuffer()));
            assertEquals(Boolean.FALSE, interp.getValue("x.flags.writeable"));
            JepException e = assertThrows(JepException.class, () -> interp.exec("x[0] = 1"));
            assertContainsAll(messageOf(e), "ValueError");
        }
    }

    @Test
    void directNdArraysOfEveryKindFlagAndOrderRoundTrip() {
        // dtype objects are cached per element type, unsigned flag and byte order: each
        // combination (set twice, so the second use takes the cached one) keeps its own
        ByteOrder swapped = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        String swappedMark = swapped == ByteOrder.BIG_ENDIAN ? ">" : "<";
        String nativeMark = swapped == ByteOrder.BIG_ENDIAN ? "<" : ">";
        String[] kinds = {"1", "2", "4", "8", "f4", "f8"};
        try (Interpreter interp = open()) {
            for (int kind = 0; kind < kinds.length; kind++) {
                for (ByteOrder order : new ByteOrder[] {ByteOrder.nativeOrder(), swapped}) {
                    for (boolean unsigned : new boolean[] {false, true}) {
                        for (boolean readOnly : new boolean[] {false, true}) {
                            for (int pass = 0; pass < 2; pass++) {
                                ByteBuffer bytes = ByteBuffer.allocateDirect(48).order(order);
                                for (int i = 0; i < 48; i++) {
                                    bytes.put(i, (byte) (i * 7 + 1));
                                }
                                java.nio.Buffer data = typed(bytes, kind, readOnly);
                                DirectNDArray<?> array = new DirectNDArray<>(data, unsigned, 2, data.capacity() / 2);
                                String what = kinds[kind] + " " + order + " unsigned=" + unsigned
                                        + " readOnly=" + readOnly + " pass=" + pass;
                                interp.set("x", array);
                                boolean floating = kinds[kind].startsWith("f");
                                String code = floating ? kinds[kind] : (unsigned ? "u" : "i") + kinds[kind];
                                String mark = code.endsWith("1") ? "|" : order == ByteOrder.nativeOrder() ? nativeMark : swappedMark;
                                assertEquals(mark + code, interp.getValue("x.dtype.str"), what);
                                assertEquals("(2, " + data.capacity() / 2 + ")", interp.getValue("str(x.shape)"), what);
                                assertEquals(!readOnly, interp.getValue("x.flags.writeable"), what);
                                interp.set("raw", bytes.duplicate().rewind());
                                assertEquals(Boolean.TRUE, interp.getValue("x.tobytes() == bytes(bytearray(raw))"), what);
                                assertSame(array, interp.getValue("x"), what);
                                assertSame(array, interp.getValue("x.view()"), what);
                                assertFalse(interp.getValue("x.T") instanceof DirectNDArray, what);
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code bytes} as a buffer of element kind {@code kind} (byte, short, int, long, float, double). */
    private static java.nio.Buffer typed(ByteBuffer bytes, int kind, boolean readOnly) {
        ByteBuffer source = readOnly ? bytes.asReadOnlyBuffer().order(bytes.order()) : bytes;
        switch (kind) {
            case 0:
                return source;
            case 1:
                return source.asShortBuffer();
            case 2:
                return source.asIntBuffer();
            case 3:
                return source.asLongBuffer();
            case 4:
                return source.asFloatBuffer();
            default:
                return source.asDoubleBuffer();
        }
    }

    /** Sets {@code array} as x, writes 1 at the last element in Python and reads it in Java. */
    private static void checkDirect(Interpreter interp, DirectNDArray<?> array, String dtype) {
        interp.set("x", array);
        assertEquals(dtype, interp.getValue("x.dtype.name"));
        interp.exec("x.flat[-1] = 1");
        java.nio.Buffer data = array.getData();
        int last = data.capacity() - 1;
        Number value;
        if (data instanceof ByteBuffer) {
            value = ((ByteBuffer) data).get(last);
        } else if (data instanceof ShortBuffer) {
            value = ((ShortBuffer) data).get(last);
        } else if (data instanceof IntBuffer) {
            value = ((IntBuffer) data).get(last);
        } else if (data instanceof LongBuffer) {
            value = ((LongBuffer) data).get(last);
        } else if (data instanceof FloatBuffer) {
            value = ((FloatBuffer) data).get(last);
        } else {
            value = ((DoubleBuffer) data).get(last);
        }
        assertEquals(1.0, value.doubleValue(), dtype);
        assertSame(array, interp.getValue("x"), dtype);
    }

    @Test
    void theNdarrayKeepsTheDirectNdArrayAliveAndThenReleasesIt() throws InterruptedException {
        try (Interpreter interp = open()) {
            WeakReference<DirectNDArray<ByteBuffer>> weak = setDirect(interp, 1 << 20);
            collectGarbage();
            assertTrue(weak.get() != null, "the ndarray keeps the DirectNDArray (and its memory) alive");
            interp.exec("x[:] = 7");
            assertEquals(7L * (1 << 20), interp.getValue("int(x.sum())"));
            interp.exec("y = x[10:20]\ndel x");
            collectGarbage();
            assertTrue(weak.get() != null, "a view of the memory keeps it alive too");
            assertEquals(70L, interp.getValue("int(y.sum())"));
            interp.exec("del y");
            for (int i = 0; i < 50 && weak.get() != null; i++) {
                collectGarbage();
            }
            assertTrue(weak.get() == null, "freeing the ndarray releases the DirectNDArray");
        }
    }

    /** Sets x to an ndarray over a new direct buffer that only Python references. */
    private static WeakReference<DirectNDArray<ByteBuffer>> setDirect(Interpreter interp, int size) {
        DirectNDArray<ByteBuffer> direct = new DirectNDArray<>(ByteBuffer.allocateDirect(size), true);
        interp.set("x", direct);
        return new WeakReference<>(direct);
    }

    private static void collectGarbage() throws InterruptedException {
        System.gc();
        Thread.sleep(10);
    }

    // ------------------------------------------------------------------ scalars, flag, Python side

    @Test
    void numpyScalarsConvertLikePythonNumbers() {
        try (Interpreter interp = open()) {
            // As an Object, a scalar is the box of its dtype (as in Jep); unsigned ones are ints.
            assertEquals(5, interp.getValue("np.int32(5)"));
            assertEquals((byte) -3, interp.getValue("np.int8(-3)"));
            assertEquals(200L, interp.getValue("np.uint8(200)"));
            assertEquals(1.5, interp.getValue("np.float64(1.5)"));
            assertEquals(0.5f, interp.getValue("np.float32(0.5)"));
            assertEquals(Boolean.TRUE, interp.getValue("np.bool_(True)"));
            assertEquals("a", interp.getValue("np.str_('a')"));
            assertEquals(7, interp.getValue("np.int16(7)", Integer.class));
            assertEquals(7L, interp.getValue("np.int16(7)", long.class));
            assertEquals(0.25f, interp.getValue("np.float64(0.25)", Float.class));
            assertEquals(Boolean.FALSE, interp.getValue("np.False_", Boolean.class));
            assertEquals(java.util.Arrays.asList(1L, 2.5f), interp.getValue("[np.int64(1), np.float32(2.5)]"));
            assertEquals(3L, interp.getValue("np.array([1, 2, 3]).max()"));
            JepException e = assertThrows(JepException.class, () -> interp.getValue("np.int64(2**40)", Integer.class));
            assertContainsAll(messageOf(e), "out of range");
        }
    }

    @Test
    void numpyIsEnabled() {
        try (Interpreter interp = open()) {
            interp.exec("import jep");
            assertEquals(1L, interp.getValue("jep.JEP_NUMPY_ENABLED"));
        }
    }

    @Test
    void javaMethodsTakeAndReturnNumpyValues() {
        try (Interpreter interp = open()) {
            interp.exec("from krait.fixtures import NumpyArrays");
            assertEquals("ndarray int32 (2, 3)", interp.getValue(
                    "(lambda a: f'{type(a).__name__} {a.dtype.name} {a.shape}')(NumpyArrays.ints())"));
            assertEquals("uint8 [1, 255]", interp.getValue(
                    "(lambda a: f'{a.dtype.name} {a.tolist()}')(NumpyArrays.unsignedBytes())"));
            assertEquals("int[] [2, 2] false", interp.getValue("NumpyArrays.describe(np.eye(2, dtype='int32'))"));
            assertEquals("short[] [3] true", interp.getValue("NumpyArrays.describe(np.zeros(3, dtype='uint16'))"));
            assertEquals(15L, interp.getValue("NumpyArrays.sum(np.arange(6, dtype='int32'))"));
            assertEquals(1.5, interp.getValue("NumpyArrays.sum(np.array([0.5, 1.0]))"));
            assertEquals(15L, interp.getValue("NumpyArrays.sum(np.arange(6, dtype='int32'))"),
                    "the overload follows the dtype, not only the Python type");
            assertEquals(10L, interp.getValue("NumpyArrays.twice(np.int64(5))"));
            assertEquals(0.75, interp.getValue("NumpyArrays.half(np.float32(1.5))"));
            interp.exec("d = NumpyArrays.sharedDoubles()");
            interp.exec("d[1, 1] = 9.0");
            assertEquals(9.0, interp.getValue("NumpyArrays.sharedGet(3)"));
            interp.exec("NumpyArrays.sharedPut(0, -1.0)");
            assertEquals(-1.0, interp.getValue("float(d[0, 0])"));
            assertEquals(Boolean.TRUE, interp.getValue("NumpyArrays.isShared(d)"));
        }
    }

    // ------------------------------------------------------------------ constructors

    @Test
    void constructorsValidate() {
        assertThrows(IllegalArgumentException.class, () -> new NDArray<>(new int[6], 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new NDArray<>(new int[6], -2, -3));
        assertThrows(IllegalArgumentException.class, () -> new NDArray<>(new Object[1]));
        assertThrows(IllegalArgumentException.class, () -> new NDArray<>("text"));
        assertThrows(IllegalArgumentException.class, () -> new NDArray<>(new char[1]));
        assertThrows(IllegalArgumentException.class, () -> new DirectNDArray<>(ByteBuffer.allocate(4)));
        assertThrows(IllegalArgumentException.class, () -> new DirectNDArray<>(ByteBuffer.allocateDirect(4), 3));
        assertThrows(IllegalArgumentException.class,
                () -> new DirectNDArray<>(ByteBuffer.allocateDirect(4).asCharBuffer()));
        assertThrows(IllegalArgumentException.class, () -> new DirectNDArray<CharBuffer>(CharBuffer.allocate(2)));

        NDArray<int[]> a = new NDArray<>(new int[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new int[] {2, 2}, a.getDimensions());
        assertArrayEquals(new int[] {4}, new NDArray<>(new int[4]).getDimensions());
        assertFalse(a.isUnsigned());
        assertEquals(a, new NDArray<>(new int[] {1, 2, 3, 4}, false, 2, 2));
        assertEquals(a.hashCode(), new NDArray<>(new int[] {1, 2, 3, 4}, 2, 2).hashCode());
        assertNotEquals(a, new NDArray<>(new int[] {1, 2, 3, 4}, 4));
        assertNotEquals(a, new NDArray<>(new int[] {1, 2, 3, 4}, true, 2, 2));
        assertNotEquals(a, new NDArray<>(new long[] {1, 2, 3, 4}, 2, 2));

        ByteBuffer buffer = ByteBuffer.allocateDirect(4);
        DirectNDArray<ByteBuffer> d = new DirectNDArray<>(buffer, 2, 2);
        assertEquals(4, d.getLength(buffer));
        assertEquals(d, new DirectNDArray<>(buffer, 2, 2));
        assertEquals(d.hashCode(), new DirectNDArray<>(buffer, 2, 2).hashCode());
        assertNotEquals(d, new DirectNDArray<>(buffer, true, 2, 2));
        assertNotEquals(d, new DirectNDArray<>(buffer));
    }

    // ------------------------------------------------------------------ sub-interpreters

    @Test
    void isolatedSubInterpreterGivesAClearImportError() {
        assumeTrue(numpyInstalled, "numpy is not installed");
        assumeTrue(pythonMinor() >= 12, "isolated sub-interpreters need Python 3.12+");
        checkSubInterpreter(SubInterpreterOptions.isolated());
    }

    @Test
    void legacySubInterpreterGivesAClearImportError() {
        assumeTrue(numpyInstalled, "numpy is not installed");
        // numpy was imported by the main interpreter (see importNumpyInTheMainInterpreter)
        checkSubInterpreter(SubInterpreterOptions.legacy());
    }

    /** numpy in a sub-interpreter works or fails with an ImportError that names the ways out. */
    private static void checkSubInterpreter(SubInterpreterOptions options) {
        TestSupport.onNewThread(() -> {
            try (Interpreter interp = new SubInterpreter(new JepConfig().setSubInterpreterOptions(options))) {
                for (String code : new String[] {"import numpy", "import numpy.linalg"}) {
                    try {
                        interp.exec(code);
                        assertEquals(3L, interp.getValue("int(numpy.arange(3).size)"));
                    } catch (JepException e) {
                        assertContainsAll(messageOf(e), "ImportError", "shared modules", "legacy", "SharedInterpreter");
                    }
                }
                try {
                    interp.set("x", new NDArray<>(new int[] {1, 2}));
                    assertEquals("ndarray", interp.getValue("type(x).__name__"));
                } catch (JepException e) {
                    assertContainsAll(messageOf(e), "ImportError", "shared modules", "legacy");
                }
                TestSupport.assertStillUsable(interp);
            }
            return null;
        });
        // the main interpreter's numpy is unharmed
        try (Interpreter interp = open()) {
            assertEquals(6L, interp.getValue("int(np.arange(4).sum())"));
        }
    }
}
