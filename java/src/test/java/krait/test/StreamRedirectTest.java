package krait.test;

import static krait.test.TestSupport.assertContainsAll;
import static krait.test.TestSupport.messageOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

/**
 * Python's sys.stdout and sys.stderr sent to Java OutputStreams with
 * {@code JepConfig.redirectStdout/redirectStdErr} on sub-interpreters (issue 4, item 6):
 * print, sys.stdout.write, exact UTF-8 bytes for non-ASCII text, tracebacks on stderr, the order
 * of interleaved writes, and nothing captured without redirection.
 */
class StreamRedirectTest {

    private static String utf8(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printAndWriteGoToTheJavaStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(out))) {
            interp.exec("print('hello')");
            assertEquals("hello\n", utf8(out), "print is visible as soon as exec returns");
            interp.exec("import sys\nn = sys.stdout.write('no newline')");
            assertEquals(10L, interp.getValue("n"), "write returns the number of characters");
            interp.exec("print('a', 'b', 3, sep='-', end='|')\nprint()\nprint(*range(3))");
            interp.exec("sys.stdout.writelines(['x\\n', 'y\\n'])\nsys.stdout.flush()");
            interp.exec("print('%d items' % 2, flush=True)");
            assertEquals("hello\nno newlinea-b-3|\n0 1 2\nx\ny\n2 items\n", utf8(out));
            assertEquals(Boolean.TRUE, interp.getValue("sys.stdout.writable()"));
            assertEquals("utf-8", ((String) interp.getValue("sys.stdout.encoding")).toLowerCase());
        }
    }

    @Test
    void nonAsciiTextArrivesAsExactUtf8Bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String text = "héllo wörld — ✓ 日本語 🐍 𝄞 \u0000 end";
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(out).redirectStdErr(err))) {
            interp.set("text", text);
            interp.exec("import sys\nprint(text)\nsys.stderr.write(text)");
            // And written as literals in Python source (no Java conversion involved).
            interp.exec("print('\\u00e9\\U0001F600', end='')");
        }
        byte[] expectedOut = (text + "\n" + "é😀").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expectedOut, out.toByteArray());
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), err.toByteArray());
        // A 4-byte UTF-8 sequence for the emoji, not CESU-8 surrogate pairs or escapes.
        byte[] snake = "🐍".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, snake.length);
        assertTrue(indexOf(out.toByteArray(), snake) >= 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void tracebacksPrintedByPythonGoToStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(out).redirectStdErr(err))) {
            interp.exec(String.join("\n",
                    "import traceback",
                    "def inner():",
                    "    raise ValueError('broken on purpose ✗')",
                    "try:",
                    "    inner()",
                    "except ValueError:",
                    "    traceback.print_exc()",
                    "print('after')",
                    ""));
            // Warnings go to stderr too.
            interp.exec("import warnings\nwarnings.simplefilter('always')\nwarnings.warn('careful now')");
        }
        String e = utf8(err);
        assertContainsAll(e, "Traceback (most recent call last):", "in inner", "ValueError: broken on purpose ✗",
                "UserWarning: careful now");
        assertTrue(e.indexOf("Traceback") < e.indexOf("UserWarning"), e);
        assertEquals("after\n", utf8(out), "nothing of the traceback on stdout");
    }

    @Test
    void interleavedWritesKeepTheirOrder() {
        // Both streams into one Java stream: the order of Python's writes must be preserved.
        List<String> chunks = Collections.synchronizedList(new ArrayList<>());
        OutputStream recorder = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                chunks.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                both.write(b);
                recorder.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                both.write(b, off, len);
                recorder.write(b, off, len);
            }
        };
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(tee).redirectStdErr(tee))) {
            interp.exec(String.join("\n",
                    "import sys",
                    "for i in range(50):",
                    "    if i % 3 == 0:",
                    "        sys.stderr.write('E%d;' % i)",
                    "    else:",
                    "        print('O%d' % i, end=';')",
                    ""));
            // Java writing to the same stream between Python calls lands in between, too.
            both.writeBytes("JAVA;".getBytes(StandardCharsets.UTF_8));
            interp.exec("print('last', end=';', file=sys.stderr)\nprint('really', end=';')");
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            expected.append(i % 3 == 0 ? "E" : "O").append(i).append(';');
        }
        expected.append("JAVA;last;really;");
        assertEquals(expected.toString(), utf8(both));
        // Every write reached Java on its own (written through, not buffered until exit).
        assertTrue(chunks.size() >= 50, () -> "only " + chunks.size() + " writes: " + chunks);
    }

    @Test
    void printFromAPythonThreadReachesTheJavaStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(out))) {
            interp.exec(String.join("\n",
                    "import threading",
                    "def work(n):",
                    "    print('from thread %d ✓' % n)",
                    "for n in range(3):",
                    "    t = threading.Thread(target=work, args=(n,))",
                    "    t.start()",
                    "    t.join()",
                    "print('main')",
                    ""));
        }
        assertEquals("from thread 0 ✓\nfrom thread 1 ✓\nfrom thread 2 ✓\nmain\n", utf8(out));
    }

    @Test
    void redirectionOfAnIsolatedSubInterpreter() {
        assumeTrue(TestSupport.pythonMinor() >= 12, "isolated sub-interpreters need Python 3.12");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        JepConfig config = new JepConfig().setSubInterpreterOptions(SubInterpreterOptions.isolated())
                .redirectStdout(out).redirectStdErr(err);
        try (Interpreter interp = new SubInterpreter(config)) {
            interp.exec("import sys\nprint('isolated ✓')\nprint('err', file=sys.stderr)");
        }
        assertEquals("isolated ✓\n", utf8(out));
        assertEquals("err\n", utf8(err));
    }

    @Test
    void eachWriteIsFlushedToJava() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) {
                events.add("byte");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                events.add("write:" + new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                events.add("flush");
            }
        };
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(stream))) {
            interp.exec("import sys\nsys.stdout.write('partial')");
            assertTrue(events.contains("write:partial"), events::toString);
            int writeIndex = events.indexOf("write:partial");
            assertTrue(events.subList(writeIndex, events.size()).contains("flush"),
                    () -> "the write was not flushed: " + events);
        }
    }

    @Test
    void aFailingJavaStreamRaisesInPython() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk on fire");
            }
        };
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(broken))) {
            JepException e = assertThrows(JepException.class, () -> interp.exec("print('x')"));
            assertContainsAll(messageOf(e), "disk on fire");
            // Python can catch it, and the interpreter keeps working.
            interp.exec("try:\n    print('y')\n    caught = None\nexcept Exception as ex:\n    caught = str(ex)");
            assertContainsAll((String) interp.getValue("caught"), "disk on fire");
            assertEquals(42L, interp.getValue("6 * 7"));
        }
    }

    @Test
    void stdoutAloneLeavesStderrAloneAndViceVersa() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(out))) {
            interp.exec("import sys\nprint('to out')\nsys.stderr.write('krait-test: stderr is not redirected here\\n')");
            assertEquals(Boolean.TRUE, interp.getValue("sys.stderr is sys.__stderr__"));
            assertEquals(Boolean.FALSE, interp.getValue("sys.stdout is sys.__stdout__"));
        }
        assertEquals("to out\n", utf8(out));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdErr(err))) {
            interp.exec("import sys\nprint('krait-test: stdout is not redirected here')\nsys.stderr.write('to err')");
            assertEquals(Boolean.TRUE, interp.getValue("sys.stdout is sys.__stdout__"));
        }
        assertEquals("to err", utf8(err));
    }

    @Test
    void withoutRedirectionNothingIsCapturedAndOtherInterpretersAreUnaffected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(out))) {
            interp.exec("print('mine')");
        }
        // A later interpreter without redirection writes to the process's own stdout.
        try (Interpreter plain = new SubInterpreter(new JepConfig())) {
            plain.exec("import sys\nprint('krait-test: not captured')");
            assertEquals(Boolean.TRUE, plain.getValue("sys.stdout is sys.__stdout__"));
            assertEquals(Boolean.TRUE, plain.getValue("sys.stderr is sys.__stderr__"));
        }
        assertEquals("mine\n", utf8(out));
        // A redirected sub-interpreter does not redirect the one on another thread.
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        try (Interpreter interp = new SubInterpreter(new JepConfig().redirectStdout(mine))) {
            Boolean otherIsPlain = TestSupport.onNewThread(() -> {
                try (Interpreter other = new SubInterpreter()) {
                    other.exec("import sys\nprint('krait-test: other thread, not captured')");
                    return (Boolean) other.getValue("sys.stdout is sys.__stdout__");
                }
            });
            assertTrue(otherIsPlain);
            interp.exec("print('only me')");
        }
        assertEquals("only me\n", utf8(mine));
    }

    /** Child JVM: Python's print reaches the process's stdout only when not redirected. */
    @Test
    void inAFreshJvmUnredirectedOutputGoesToTheProcessAndRedirectedOutputDoesNot() {
        String python = System.getProperty("krait.python");
        List<String> jvmArgs = python == null ? List.of() : List.of("-Dkrait.python=" + python);
        TestSupport.ChildResult r = TestSupport.runChildJvm(jvmArgs, Map.of(), StreamProbe.class, List.of());
        r.assertNoJniWarnings();
        assertEquals(0, r.exitCode, r::describe);
        assertContainsAll(r.stdout, "plain-out-✓", "captured=[redirected-out-✓\n]", "captured-err=[redirected-err\n]");
        assertContainsAll(r.stderr, "plain-err");
        // The redirected text appears once: inside what Java captured, never written by Python itself.
        assertEquals(r.stdout.indexOf("redirected-out-✓"), r.stdout.lastIndexOf("redirected-out-✓"), r::describe);
        assertFalse(r.stderr.contains("redirected-err"), r::describe);
    }

    /** Main class of the child JVM for the test above. */
    public static final class StreamProbe {
        public static void main(String[] args) throws Exception {
            try (Interpreter plain = new SubInterpreter()) {
                plain.exec("import sys\nprint('plain-out-✓')\nsys.stdout.flush()\n"
                        + "sys.stderr.write('plain-err\\n')\nsys.stderr.flush()");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (Interpreter redirected = new SubInterpreter(new JepConfig().redirectStdout(out).redirectStdErr(err))) {
                redirected.exec("import sys\nprint('redirected-out-✓')\nsys.stderr.write('redirected-err\\n')");
            }
            System.out.flush();
            System.out.write(("captured=[" + out.toString(StandardCharsets.UTF_8) + "]\n").getBytes(StandardCharsets.UTF_8));
            System.out.write(("captured-err=[" + err.toString(StandardCharsets.UTF_8) + "]\n")
                    .getBytes(StandardCharsets.UTF_8));
            System.out.flush();
        }
    }
}
