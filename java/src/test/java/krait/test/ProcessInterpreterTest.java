package krait.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.NDArray;
import jep.SharedInterpreter;
import jep.python.PyObject;
import krait.ConversionException;
import krait.ProcessInterpreter;
import krait.ProcessPyObject;
import krait.UsageException;

/**
 * {@code krait.ProcessInterpreter} (issue 12): the Interpreter API against a CPython child
 * process — values, errors with Python frames, handles and their release, refusal of
 * non-value arguments, stdout/stderr forwarding, concurrent use, and the same user code
 * against in-process and process interpreters.
 */
class ProcessInterpreterTest {

    private static final String ECHO = "def echo(x):\n    return x\n";

    /** User code written once against the Interpreter API. */
    static List<Object> work(Interpreter interp) {
        interp.exec("import math\ndef area(r, scale=1):\n    return math.pi * r * r * scale\n"
                + "def describe(items):\n    return {'n': len(items), 'sum': sum(items), 'first': items[0]}\n");
        interp.set("greeting", "héllo 🐍");
        List<Object> results = new ArrayList<>();
        results.add(interp.invoke("area", 2.0));
        results.add(interp.invoke("area", new Object[] {1}, Map.of("scale", 3)));
        results.add(interp.invoke("describe", List.of(4L, 5L, 6L)));
        results.add(interp.getValue("greeting.upper()"));
        results.add(interp.getValue("(1, 'two', None, 2**70, b'\\x00\\xff', [True], {3})"));
        results.add(interp.getValue("len(greeting)", Integer.class));
        results.add(interp.eval("answer = 6 * 7"));
        results.add(interp.getValue("answer"));
        JepException error = assertThrows(JepException.class, () -> interp.exec("raise KeyError('missing')"));
        results.add(error.getMessage());
        return results;
    }

    @Test
    void sameCodeRunsInProcessAndIsolated() {
        List<Object> inProcess = TestSupport.onNewThread(() -> {
            try (Interpreter interp = new SharedInterpreter()) {
                return work(interp);
            }
        });
        List<Object> isolated;
        try (Interpreter interp = new ProcessInterpreter()) {
            isolated = work(interp);
        }
        assertEquals(inProcess.size(), isolated.size());
        for (int i = 0; i < inProcess.size(); i++) {
            Object expected = inProcess.get(i);
            Object actual = isolated.get(i);
            if (expected instanceof List<?> list && list.get(4) instanceof byte[]) {
                assertEquals(list.subList(0, 4), ((List<?>) actual).subList(0, 4), "tuple item " + i);
                assertArrayEquals((byte[]) list.get(4), (byte[]) ((List<?>) actual).get(4));
                assertEquals(list.subList(5, 7), ((List<?>) actual).subList(5, 7));
            } else {
                assertEquals(expected, actual, "result " + i);
            }
        }
    }

    @Test
    void valuesCrossExactly() {
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec(ECHO);
            String tricky = "a\u00e9\u4e2d\ud83d\udc0d" + "\ud800" + "z" + "\udfff";
            Object[] values = {null, true, false, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE,
                new BigInteger("123456789012345678901234567890"), new BigInteger("-98765432109876543210"),
                1.5, Double.NaN, "", tricky, List.of(1L, "x", List.of()), Map.of("k", List.of(2L)),
                Set.of(1L, 2L)};
            for (Object value : values) {
                assertEquals(value, interp.invoke("echo", value), "echo of " + value);
            }
            assertEquals(7L, interp.invoke("len", tricky), "Python sees the same code points");
            assertEquals(String.valueOf(0xD800), String.valueOf(interp.invoke("ord", "\ud800")));
            byte[] bytes = new byte[1 << 20];
            new java.util.Random(1).nextBytes(bytes);
            assertArrayEquals(bytes, (byte[]) interp.invoke("echo", (Object) bytes));
            assertArrayEquals(bytes, (byte[]) ((List<?>) interp.invoke("echo", List.of(bytes))).get(0),
                    "large bytes inside a container take the general path");
            assertArrayEquals(new byte[65536], (byte[]) interp.getValue("bytes(65536)"), "the smallest in-place reply");
            assertArrayEquals(new byte[65535], (byte[]) interp.getValue("bytes(65535)"));
            assertEquals(1L, interp.invoke("echo", 1), "an Integer arrives as a Python int, returns as Long");
            assertEquals(List.of(1L, 2L), interp.getValue("(1, 2)"));
            assertThrows(UnsupportedOperationException.class,
                    () -> ((List<Object>) interp.getValue("(1, 2)", List.class)).add(3L), "tuples are read-only");
            assertEquals(Set.of("a"), interp.getValue("frozenset('a')"));
            assertArrayEquals(new int[] {1, 2, 3}, interp.getValue("[1, 2, 3]", int[].class));
            assertEquals(7.0, interp.getValue("7", Double.class));
            assertThrows(ConversionException.class, () -> interp.getValue("2**40", Integer.class));
            assertNull(interp.getValue("None", String.class));
        }
    }

    @Test
    void numpyArraysCrossAsNDArray() {
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec("try:\n    import numpy\nexcept ImportError:\n    numpy = None\n");
            org.junit.jupiter.api.Assumptions.assumeTrue(interp.getValue("numpy is not None", Boolean.class));
            NDArray<?> array = (NDArray<?>) interp.getValue("numpy.arange(6, dtype='int32').reshape(2, 3)");
            assertArrayEquals(new int[] {2, 3}, array.getDimensions());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, (int[]) array.getData());
            interp.set("a", new NDArray<>(new double[] {1.5, 2.5}, 2));
            assertEquals("float64 (2,) 4.0", interp.getValue("f'{a.dtype} {a.shape} {a.sum()}'"));
        }
    }

    @Test
    void pythonErrorsCarryTypeMessageAndFrames() {
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec("def inner():\n    raise ValueError('bad value')\n\ndef outer():\n    inner()\n");
            JepException e = assertThrows(JepException.class, () -> interp.invoke("outer"));
            assertEquals("<class 'ValueError'>: bad value", e.getMessage());
            StackTraceElement[] trace = e.getStackTrace();
            assertEquals("inner", trace[0].getMethodName());
            assertEquals("<string>", trace[0].getFileName());
            assertEquals(2, trace[0].getLineNumber());
            assertEquals("outer", trace[1].getMethodName());
            assertEquals(5, trace[1].getLineNumber());
            JepException syntax = assertThrows(JepException.class, () -> interp.exec("def broken(:"));
            assertTrue(syntax.getMessage().startsWith("<class 'SyntaxError'>"), syntax.getMessage());
            assertEquals(2L, interp.getValue("1 + 1"), "still usable after errors");
        }
    }

    @Test
    void nonValueArgumentsAreRefusedWithTheirType() {
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec(ECHO);
            JepException plain = assertThrows(JepException.class, () -> interp.invoke("echo", new Thread()));
            assertTrue(plain.getMessage().contains("java.lang.Thread"), plain.getMessage());
            assertTrue(plain.getMessage().contains("cannot cross the process boundary"), plain.getMessage());
            Runnable proxy = (Runnable) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Runnable.class}, (p, m, a) -> null);
            JepException proxied = assertThrows(JepException.class, () -> interp.set("r", proxy));
            assertTrue(proxied.getMessage().contains("proxy"), proxied.getMessage());
            JepException nested = assertThrows(JepException.class,
                    () -> interp.invoke("echo", List.of(1L, Map.of("k", new Object()))));
            assertTrue(nested.getMessage().contains("java.lang.Object"), nested.getMessage());
            assertEquals(3L, interp.invoke("echo", 3L), "the refused call sent nothing");
        }
    }

    @Test
    void objectsWithoutJavaCounterpartAreHandles() {
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec("class Point:\n    def __init__(self, x):\n        self.x = x\n"
                    + "    def moved(self, dx, dy=0):\n        return Point(self.x + dx + dy)\n"
                    + "    def __str__(self):\n        return f'Point({self.x})'\n"
                    + "    def __eq__(self, other):\n        return self.x == other.x\n"
                    + "    def __hash__(self):\n        return self.x\n");
            int before = interp.handleCount();
            PyObject p = (PyObject) interp.invoke("Point", 3L);
            assertInstanceOf(ProcessPyObject.class, p);
            assertEquals(before + 1, interp.handleCount());
            assertEquals(3L, p.getAttr("x"));
            p.setAttr("x", 10L);
            assertEquals("Point(10)", p.toString());
            assertEquals(10, p.hashCode());
            ProcessPyObject moved = (ProcessPyObject) ((ProcessPyObject) p.getAttr("moved"))
                    .call(new Object[] {1L}, Map.of("dy", 2L));
            assertEquals(13L, moved.getAttr("x", Long.class));
            PyObject same = (PyObject) interp.invoke("Point", 10L);
            assertEquals(p, same);
            assertNotEquals(p, moved);
            interp.set("kept", p);
            assertEquals(10L, interp.getValue("kept.x"), "a handle passed back is the same object");
            assertEquals(p, p.as(PyObject.class));
            assertEquals("Point(10)", p.as(String.class));
            int held = interp.handleCount();
            p.close();
            moved.close();
            same.close();
            p.close();
            assertEquals(held - 3, interp.handleCount(), "releases go with the next request");
            assertThrows(UsageException.class, () -> p.getAttr("x"));
            assertEquals(10L, interp.getValue("kept.x"), "Python's own reference keeps the object");
        }
    }

    @Test
    void handleTableIsBounded() {
        try (ProcessInterpreter interp = ProcessInterpreter.builder().maxHandles(10).start()) {
            List<PyObject> held = new ArrayList<>();
            int base = interp.handleCount();
            for (int i = base; i < 10; i++) {
                held.add((PyObject) interp.getValue("object()"));
            }
            UsageException full = assertThrows(UsageException.class, () -> interp.getValue("object()"));
            assertTrue(full.getMessage().contains("handle table is full"), full.getMessage());
            held.remove(0).close();
            held.add((PyObject) interp.getValue("object()"));
            assertEquals(10, interp.handleCount());
            held.forEach(PyObject::close);
            assertEquals(base, interp.handleCount());
        }
    }

    @Test
    void collectedHandlesAreReleased() throws InterruptedException {
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            for (int i = 0; i < 2000; i++) {
                interp.getValue("object()");
            }
            int count = interp.handleCount();
            for (int tries = 0; tries < 100 && count > 100; tries++) {
                System.gc();
                Thread.sleep(20);
                count = interp.handleCount();
            }
            assertTrue(count <= 100, "the Cleaner released unreachable handles; still held: " + count);
        }
    }

    @Test
    void stdoutAndStderrAreForwarded() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        JepConfig config = new JepConfig().redirectStdout(out).redirectStdErr(err);
        try (ProcessInterpreter interp = new ProcessInterpreter(config)) {
            interp.exec("print('hello', 'wörld')");
            assertEquals("hello wörld\n", out.toString(StandardCharsets.UTF_8), "visible when exec returns");
            interp.exec("import os\nos.write(1, b'raw fd write\\n')");
            assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("raw fd write\n"));
            interp.exec("import sys\nsys.stderr.write('to stderr\\n')");
            for (int i = 0; i < 100 && !err.toString(StandardCharsets.UTF_8).contains("to stderr"); i++) {
                Thread.sleep(20);
            }
            assertEquals("to stderr\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void scriptsEvalAndIncludePaths() throws Exception {
        Path dir = Files.createTempDirectory("krait-process");
        Files.writeString(dir.resolve("helper_mod.py"), "VALUE = 'from the include path'\n");
        Path script = Files.writeString(dir.resolve("script.py"), "import helper_mod\nseen = helper_mod.VALUE\n");
        try (ProcessInterpreter interp = new ProcessInterpreter(new JepConfig().addIncludePaths(dir.toString()))) {
            interp.runScript(script.toString());
            assertEquals("from the include path", interp.getValue("seen"));
            assertFalse(interp.eval("def f():"));
            assertFalse(interp.eval("    return 5"));
            assertTrue(interp.eval(""));
            assertEquals(5L, interp.invoke("f"));
        }
    }

    @Test
    void anyThreadMayUseItConcurrently() throws Exception {
        try (ProcessInterpreter interp = new ProcessInterpreter()) {
            interp.exec("def double(x):\n    return 2 * x\n");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long base = t * 1000L;
                    futures.add(pool.submit(() -> {
                        for (long i = base; i < base + 300; i++) {
                            assertEquals(2 * i, interp.invoke("double", i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void warmUpRunsBeforeTheFirstCall() {
        try (ProcessInterpreter interp = ProcessInterpreter.builder().warmUp("import json\nwarm = True").start()) {
            assertEquals(true, interp.getValue("warm and 'json' in globals()"));
            assertTrue(interp.ping(java.time.Duration.ofSeconds(5)));
            assertTrue(interp.pythonVersion().startsWith("3."));
        }
    }
}
