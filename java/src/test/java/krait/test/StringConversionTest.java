package krait.test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * String and bytes conversions: every kind of Java String (ASCII, Latin-1, BMP CJK, non-BMP emoji,
 * lone surrogates, embedded NUL, empty, 1 MiB) round-trips exactly through Python and has the right
 * code points there; Python str literals with such characters come back exactly; exec source with
 * non-ASCII text; Python bytes become byte[].
 */
class StringConversionTest {

    private static String oneMebi() {
        StringBuilder sb = new StringBuilder(1 << 20);
        String unit = "abc\u00e9\u4e2d\uD83D\uDE00\n";
        while (sb.length() < (1 << 20)) {
            sb.append(unit);
        }
        return sb.toString();
    }

    private static List<String> samples() {
        return Arrays.asList(
                "hello, world",
                "caf\u00e9 \u00ff\u00a0\u00b5",
                "\u4e2d\u6587\u6f22\u5b57",
                "A\uD83D\uDE00B",
                "\uD800",
                "x\uDC00y",
                "\uDBFF\uDFFF\uD800\uDC00",
                "lone high at end \uD83D",
                "a\u0000b",
                "",
                "\u0000",
                "\uFFFF\uFFFE");
    }

    private static String describe(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.length() > 40 ? s.substring(0, 40).toCharArray() : s.toCharArray()) {
            sb.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return sb.append(s.length() > 40 ? "...\" (" + s.length() + " chars)" : "\"").toString();
    }

    /** The code points Python must see: each surrogate pair is one, each lone surrogate is one. */
    private static List<Long> codePoints(String s) {
        List<Long> cps = new ArrayList<>();
        s.codePoints().forEach(cp -> cps.add((long) cp));
        return cps;
    }

    private static void checkRoundTrip(Interpreter interp, String s) {
        String d = describe(s);
        interp.set("s", s);
        assertEquals("str", interp.getValue("type(s).__name__"), d);
        assertEquals((long) s.codePointCount(0, s.length()), interp.getValue("len(s)"), d + ": Python len");
        if (s.length() < 100) {
            assertEquals(codePoints(s), interp.getValue("[ord(c) for c in s]"), d + ": code points");
        }
        Object back = interp.getValue("s");
        assertTrue(s.equals(back), () -> d + " did not round-trip, got " + (back instanceof String ? describe((String) back) : back));
    }

    @Test
    void stringsRoundTripExactlyThroughSet() {
        try (Interpreter interp = new SharedInterpreter()) {
            List<Executable> checks = new ArrayList<>();
            for (String s : samples()) {
                checks.add(() -> checkRoundTrip(interp, s));
            }
            assertAll(checks);
        }
    }

    @Test
    void stringsRoundTripExactlyThroughInvoke() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def ident(x):\n    return x\ndef codes(x):\n    return [ord(c) for c in x]");
            List<Executable> checks = new ArrayList<>();
            for (String s : samples()) {
                checks.add(() -> {
                    assertEquals(s, interp.invoke("ident", s), describe(s));
                    assertEquals(codePoints(s), interp.invoke("codes", s), describe(s));
                });
            }
            assertAll(checks);
        }
    }

    @Test
    void stringsRoundTripInSubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            List<Executable> checks = new ArrayList<>();
            for (String s : samples()) {
                checks.add(() -> checkRoundTrip(interp, s));
            }
            assertAll(checks);
        }
    }

    @Test
    void emojiIsOneCodePointInPython() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("s", "A\uD83D\uDE00B");
            assertEquals(3L, interp.getValue("len(s)"));
            assertEquals(0x1F600L, interp.getValue("ord(s[1])"));
            assertEquals(Boolean.TRUE, interp.getValue("s == 'A\\U0001F600B'"));
        }
    }

    @Test
    void loneSurrogatesArePreserved() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("s", "\uD800");
            assertEquals(0xD800L, interp.getValue("ord(s[0])"));
            assertEquals("\uD800", interp.getValue("s"));

            interp.set("t", "x\uDC00y");
            assertEquals(3L, interp.getValue("len(t)"));
            assertEquals(0xDC00L, interp.getValue("ord(t[1])"));
            assertEquals("x\uDC00y", interp.getValue("t"));
        }
    }

    @Test
    void pythonStringLiteralsComeBackExactly() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertEquals("A\uD83D\uDE00B", interp.getValue("'A\\U0001F600B'"));
            assertEquals("\uD800", interp.getValue("'\\ud800'"));
            assertEquals("x\uDC00y", interp.getValue("'x\\udc00y'"));
            assertEquals("a\u0000b", interp.getValue("'a\\x00b'"));
            assertEquals("", interp.getValue("''"));
            assertEquals("\u00e9\u4e2d", interp.getValue("'\\xe9\\u4e2d'"));
            assertEquals("\uDBFF\uDFFF", interp.getValue("chr(0x10FFFF)"));
            String big = (String) interp.getValue("'x' * (1 << 20)");
            assertEquals(1 << 20, big.length());
            assertTrue(big.chars().allMatch(ch -> ch == 'x'));
        }
    }

    @Test
    void embeddedNulIsKept() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("s", "a\u0000b");
            assertEquals(3L, interp.getValue("len(s)"));
            assertEquals(Boolean.TRUE, interp.getValue("s == 'a\\x00b'"));
            assertEquals("a\u0000b", interp.getValue("s"));
        }
    }

    @Test
    void oneMebibyteStringRoundTrips() {
        String s = oneMebi();
        try (Interpreter interp = new SharedInterpreter()) {
            checkRoundTrip(interp, s);
            assertEquals((long) s.codePointCount(0, s.length()), interp.getValue("len(s)"));
            assertEquals(Boolean.TRUE, interp.getValue("s.startswith('abc\\xe9\\u4e2d\\U0001F600\\n')"));
            assertEquals((long) (s.length() / 8 + (s.length() % 8 == 0 ? 0 : 1)),
                    interp.getValue("s.count('\\U0001F600')"));
        }
    }

    @Test
    void execSourceWithNonAsciiText() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("u = '\u4e2d\uD83D\uDE00\u00e9'  # comment \u00fc\u00df\n"
                    + "n\u00e4me = 'ok'\n");
            assertEquals(3L, interp.getValue("len(u)"));
            assertEquals(0x1F600L, interp.getValue("ord(u[1])"));
            assertEquals("\u4e2d\uD83D\uDE00\u00e9", interp.getValue("u"));
            assertEquals("ok", interp.getValue("n\u00e4me"), "non-ASCII identifiers");
            assertEquals(1L, interp.getValue("len('\uD83D\uDE00')"), "non-ASCII in getValue source");
        }
    }

    @Test
    void pythonBytesBecomeByteArrays() {
        try (Interpreter interp = new SharedInterpreter()) {
            assertArrayEquals(new byte[] {1, -1, 0, 127, -128}, (byte[]) interp.getValue("b'\\x01\\xff\\x00\\x7f\\x80'"));
            assertArrayEquals(new byte[0], (byte[]) interp.getValue("b''"));
            byte[] all = (byte[]) interp.getValue("bytes(range(256))");
            assertEquals(256, all.length);
            for (int i = 0; i < 256; i++) {
                assertEquals((byte) i, all[i], "byte " + i);
            }
            byte[] withNul = (byte[]) interp.getValue("b'a\\x00b'");
            assertArrayEquals(new byte[] {'a', 0, 'b'}, withNul);
        }
    }
}
