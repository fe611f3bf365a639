package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;

/**
 * The fast paths of calls and conversions (issue 10) change no result: random nested values
 * (numbers at their edges, BigIntegers past a long, strings with non-Latin-1 text, lone
 * surrogates, non-BMP characters and '?' at any length, empty, homogeneous and mixed lists,
 * tuples, dicts) go Java → Python → Java and come back equal to what the element-wise conversion
 * gives; a name rebound between two invokes calls the new object; numpy imported after the first
 * call is still converted; Java lists iterated in windows yield every element and still notice a
 * change during the iteration.
 */
class FastPathPropertyTest {

    /** Rounds of the random round trip. */
    private static final int ROUNDS = 300;

    /**
     * Copies Java collections into Python ones (Java List → list or tuple, Map → dict), so that
     * getValue converts Python values rather than handing back the Java objects.
     */
    private static final String DEEP_COPY = String.join("\n",
            "def deep(v, tuples):",
            "    if v is None or isinstance(v, (bool, int, float, str)):",
            "        return v",
            "    if hasattr(v, 'keySet'):",
            "        return {deep(k, tuples): deep(v.get(k), tuples) for k in v.keySet()}",
            "    items = [deep(x, tuples) for x in v]",
            "    return tuple(items) if tuples else items",
            "");

    @Test
    void randomNestedValuesRoundTripUnchanged() {
        Random random = new Random(20261202L);
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec(DEEP_COPY);
            for (int round = 0; round < ROUNDS; round++) {
                Object value = randomValue(random, 3);
                boolean tuples = random.nextBoolean();
                interp.set("v", value);
                Object back = interp.invoke("deep", interp.getValue("v"), tuples);
                assertEquals(expected(value), back, () -> "round trip of " + describe(value));
                Object again = interp.getValue("deep(v, " + (tuples ? "True" : "False") + ")");
                assertEquals(expected(value), again, () -> "getValue of " + describe(value));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void homogeneousListsEqualTheElementWiseConversion() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("ints = [-2**63, -129, -128, -1, 0, 1, 127, 128, 2**63 - 1] * 3\n"
                    + "floats = [0.0, -0.0, 1.5, float('inf'), float('-inf'), float('nan')] * 3\n"
                    + "class MyInt(int): pass\n");
            List<Object> ints = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ints.addAll(Arrays.asList(Long.MIN_VALUE, -129L, -128L, -1L, 0L, 1L, 127L, 128L, Long.MAX_VALUE));
            }
            assertEquals(ints, interp.getValue("ints"));
            assertEquals(ints, interp.getValue("tuple(ints)"));
            assertThrows(UnsupportedOperationException.class,
                    () -> ((List<Object>) interp.getValue("tuple(ints)")).add(1L));
            // Element by element (too short for the bulk path, or mixed) gives the same values.
            for (int i = 0; i < ints.size(); i++) {
                assertEquals(ints.get(i), interp.getValue("ints[" + i + "]"));
            }
            List<Object> floats = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                floats.addAll(Arrays.asList(0.0, -0.0, 1.5, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, Double.NaN));
            }
            assertEquals(floats, interp.getValue("floats"));
            // One element of another kind: every element converts on its own.
            List<?> big = (List<?>) interp.getValue("ints + [2**64]");
            assertEquals(ints, big.subList(0, ints.size()));
            assertEquals(BigInteger.ONE.shiftLeft(64), big.get(ints.size()));
            List<?> bools = (List<?>) interp.getValue("[1] * 10 + [True]");
            assertEquals(1L, bools.get(0));
            assertEquals(Boolean.TRUE, bools.get(10));
            List<?> sub = (List<?>) interp.getValue("[1] * 10 + [MyInt(5)]");
            assertEquals(5L, sub.get(10));
            List<?> mixed = (List<?>) interp.getValue("[1.0] * 10 + [1]");
            assertEquals(1.0, mixed.get(0));
            assertEquals(1L, mixed.get(10));
            assertEquals(new ArrayList<>(), interp.getValue("[]"));
        }
    }

    @Test
    void stringsAroundTheLatin1ThresholdCrossUnchanged() {
        String[] lasts = {"a", "?", "\u0000", "\u0080", "\u00e9", "\u00ff", "\u0100", "\u4e2d", "\uFFFF",
            "\uD83D\uDE00", "\uD800", "\uDC00"};
        try (Interpreter interp = new SharedInterpreter()) {
            for (int length : new int[] {0, 1, 1022, 1023, 1024, 1025, 4096, 100_000}) {
                for (String last : lasts) {
                    String text = "x".repeat(Math.max(0, length - last.length())) + last;
                    String pyText = "'x' * " + Math.max(0, length - last.length()) + " + '"
                            + last.codePoints().mapToObj(cp -> String.format("\\U%08x", cp))
                                    .reduce("", String::concat) + "'";
                    if (last.length() == 1 && Character.isSurrogate(last.charAt(0))) {
                        pyText = "'x' * " + (length - 1) + " + chr(" + (int) last.charAt(0) + ")";
                    }
                    String what = length + " chars ending in U+" + Integer.toHexString(last.codePointAt(0));
                    interp.set("s", text);
                    interp.exec("t = " + pyText);
                    // Equal to the same text built in Python, with the same hash and
                    // the same (canonical) representation.
                    assertEquals(Boolean.TRUE, interp.getValue("s == t and hash(s) == hash(t) and len(s) == len(t)"
                            + " and s.isascii() == all(ord(c) < 128 for c in t) and {t: 1}.get(s) == 1"
                            + " and max(s, default='') == max(t, default='')"), what);
                    assertEquals(text, interp.getValue("s"), what);
                    assertEquals(text, interp.getValue("t"), what);
                    assertEquals(text, interp.getValue("s[:]"), what);
                }
            }
            // A long Latin-1 string with one non-Latin-1 character in its middle, and a
            // long str made in Python from Latin-1 bytes.
            String middle = "\u00e9".repeat(3000) + "\u4e2d" + "\u00e9".repeat(3000);
            interp.set("m", middle);
            assertEquals(Boolean.TRUE, interp.getValue("m == '\\xe9' * 3000 + '\\u4e2d' + '\\xe9' * 3000"));
            assertEquals(middle, interp.getValue("m"));
            assertEquals("\u00ff".repeat(5000), interp.getValue("bytes([255] * 5000).decode('latin-1')"));
        }
    }

    @Test
    void listsCrossingTheBulkChunkBoundaryEqualTheElementWiseConversion() {
        try (Interpreter interp = new SharedInterpreter()) {
            for (int n : new int[] {7, 8, 2047, 2048, 2049, 4097}) {
                for (String last : new String[] {"", "2**63", "-2**63 - 1", "1.5", "True", "None", "7"}) {
                    String source = "list(range(-" + (n / 2) + ", " + (n - n / 2) + "))" + (last.isEmpty() ? "" : " + [" + last + "]");
                    List<?> list = (List<?>) interp.getValue(source);
                    assertInstanceOf(ArrayList.class, list);
                    assertEquals(interp.getValue("len(" + source + ")"), (long) list.size());
                    for (int i = 0; i < n; i++) {
                        assertEquals((long) (i - n / 2), list.get(i), source);
                    }
                    if (!last.isEmpty()) {
                        assertEquals(interp.getValue(last), list.get(n), source);
                    }
                    String floats = "[i / 2 for i in range(" + n + ")]" + (last.isEmpty() ? "" : " + [" + last + "]");
                    List<?> doubles = (List<?>) interp.getValue(floats);
                    for (int i = 0; i < n; i++) {
                        assertEquals(i / 2.0, doubles.get(i), floats);
                    }
                    if (!last.isEmpty()) {
                        assertEquals(interp.getValue(last), doubles.get(n), floats);
                    }
                    // The list is an ordinary, modifiable ArrayList.
                    @SuppressWarnings("unchecked")
                    List<Object> own = (List<Object>) list;
                    own.add("end");
                    own.set(0, "start");
                    own.remove(1);
                    assertEquals("end", own.get(own.size() - 1));
                }
            }
        }
    }

    @Test
    void reboundNameCallsTheNewObject() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def f():\n    return 1\n");
            assertEquals(1L, interp.invoke("f"));
            interp.exec("def f():\n    return 2\n");
            assertEquals(2L, interp.invoke("f"));
            interp.exec("f = lambda: 3");
            assertEquals(3L, interp.invoke("f"));
            assertEquals(3L, interp.invoke("len", Arrays.asList(1, 2, 3)));
            interp.exec("def len(x):\n    return -1\n");
            assertEquals(-1L, interp.invoke("len", Arrays.asList(1, 2, 3)));
            interp.exec("del len");
            assertEquals(3L, interp.invoke("len", Arrays.asList(1, 2, 3)));
            interp.exec("del f");
            JepException missing = assertThrows(JepException.class, () -> interp.invoke("f"));
            assertTrue(missing.getMessage().contains("name 'f' is not defined"), missing.getMessage());
            JepException lone = assertThrows(JepException.class, () -> interp.invoke("f\uD800"));
            assertTrue(lone.getMessage().contains("unpaired surrogate"), lone.getMessage());
        }
    }

    @Test
    void numpyImportedAfterTheFirstCallIsConverted() {
        try (Interpreter interp = new SharedInterpreter()) {
            assumeTrue(Boolean.TRUE.equals(interp.getValue(
                    "__import__('importlib.util').util.find_spec('numpy') is not None")),
                    "numpy is not installed");
            interp.exec("def echo(x):\n    return x\n");
            assertEquals(5L, interp.invoke("echo", 5));
            assertEquals(Arrays.asList(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L),
                    interp.getValue("[1, 2, 3, 4, 5, 6, 7, 8]"));
            interp.exec("import numpy");
            assertEquals(5, interp.getValue("numpy.int32(5)"));
            assertInstanceOf(Float.class, interp.getValue("numpy.float32(1.5)"));
            assertEquals(Arrays.asList(7L, 1.5), interp.getValue("[numpy.int64(7).item(), 1.5]"));
            assertInstanceOf(long[].class, interp.getValue("numpy.arange(3, dtype='int64')", long[].class));
            assertEquals(5, interp.invoke("numpy.int32", 5));
        }
    }

    @Test
    void javaListsIterateWhole() {
        try (Interpreter interp = new SharedInterpreter()) {
            List<Integer> array = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                array.add(i % 3 == 0 ? null : i);
            }
            interp.set("array", array);
            interp.set("linked", new LinkedList<>(array));
            interp.set("empty", new ArrayList<>());
            Object expected = interp.getValue("[None if i % 3 == 0 else i for i in range(1000)]");
            assertEquals(expected, interp.getValue("[x for x in array]"));
            assertEquals(expected, interp.getValue("[x for x in linked]"));
            assertEquals(new ArrayList<>(), interp.getValue("[x for x in empty]"));
            interp.exec("it = iter(array)\nfirst = [next(it) for _ in range(3)]\nrest = list(it)");
            assertEquals(Arrays.asList(null, 1L, 2L), interp.getValue("first"));
            assertEquals(997L, interp.getValue("len(rest)"));
            assertEquals(new ArrayList<>(), interp.getValue("list(it)"));
            // Every kind of element reads as through the element-wise conversion.
            List<Object> kinds = new ArrayList<>(Arrays.asList(1, -2L, (short) 3, (byte) -4, 1.5, 2.5f,
                    Double.NaN, -0.0, true, false, 'c', null, "s", BigInteger.TEN.pow(30)));
            interp.set("kinds", kinds);
            interp.set("kinds_linked", new LinkedList<>(kinds));
            assertEquals(interp.getValue("[kinds_linked.get(i) for i in range(len(kinds_linked))]"),
                    interp.getValue("[x for x in kinds]"));
            assertEquals(interp.getValue("[x for x in kinds_linked]"), interp.getValue("[x for x in kinds]"));
            assertEquals("int int int int float float float float bool bool str NoneType str int",
                    interp.getValue("' '.join(type(x).__name__ for x in kinds)"));
            // A change during the iteration is still noticed (by the end of it at the latest).
            interp.exec("def change_while_iterating(l):\n"
                    + "    for x in l:\n"
                    + "        if len(l) == 1000:\n"
                    + "            l.add(0)\n");
            JepException changed = assertThrows(JepException.class,
                    () -> interp.invoke("change_while_iterating", new ArrayList<>(array)));
            assertTrue(changed.getMessage().contains("ConcurrentModificationException"), changed.getMessage());
        }
    }

    // ----------------------------------------------------------------- random values

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 11 : 8);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return randomLong(random);
            case 3:
                return (int) randomLong(random);
            case 4:
                return random.nextBoolean() ? random.nextGaussian() * 1e6
                        : new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN}[random.nextInt(5)];
            case 5:
            case 6:
                return randomString(random);
            case 7:
                return randomBigInteger(random);
            case 8:
                return homogeneousList(random);
            case 9: {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(12);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(random, depth - 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    map.put(randomString(random), randomValue(random, depth - 1));
                }
                return map;
            }
        }
    }

    private static long randomLong(Random random) {
        long[] edges = {0, 1, -1, 127, 128, -128, -129, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE};
        return random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextLong() >> random.nextInt(64);
    }

    private static BigInteger randomBigInteger(Random random) {
        BigInteger[] edges = {
            BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
            BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE),
            BigInteger.valueOf(Long.MAX_VALUE),
            BigInteger.valueOf(Long.MIN_VALUE),
            BigInteger.ONE.shiftLeft(64),
            BigInteger.ONE.shiftLeft(64).negate(),
            BigInteger.ZERO,
        };
        return random.nextBoolean() ? edges[random.nextInt(edges.length)]
                : new BigInteger(1 + random.nextInt(200), random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
    }

    /** A list of one number kind, long enough for the bulk conversion (or not). */
    private static List<Object> homogeneousList(Random random) {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(40);
        boolean floats = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            list.add(floats ? (Object) (random.nextDouble() - 0.5) : (Object) randomLong(random));
        }
        if (n > 0 && random.nextInt(4) == 0) {
            list.set(random.nextInt(n), random.nextBoolean() ? randomBigInteger(random) : "x");
        }
        return list;
    }

    private static String randomString(Random random) {
        String[] pieces = {"a", "abc", "?", "\u00e9", "\u00ff", "\u0000", "\u4e2d", "\uD83D\uDE00", "\uD800",
            "\uDC00", "\uFFFF", " ", "\n"};
        int length = random.nextInt(4) == 0 ? 1000 + random.nextInt(3000) : random.nextInt(20);
        boolean latin1Only = random.nextBoolean();
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            String piece = pieces[random.nextInt(latin1Only ? 6 : pieces.length)];
            sb.append(random.nextInt(8) == 0 ? piece : "plain text ");
        }
        return sb.toString();
    }

    /** What the element-wise conversion makes of a Java value after a Python round trip. */
    private static Object expected(Object value) {
        if (value instanceof Integer) {
            return ((Integer) value).longValue();
        }
        if (value instanceof BigInteger) {
            BigInteger big = (BigInteger) value;
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(expected(item));
            }
            return out;
        }
        if (value instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.put(expected(e.getKey()), expected(e.getValue()));
            }
            return out;
        }
        return value;
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
