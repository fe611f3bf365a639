package krait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import jep.python.PyObject;

/**
 * The pure parts of {@link ProcessInterpreter}'s plumbing (no child process): the codec
 * round trip of every value kind, lone-surrogate detection and how a death is described.
 */
class ProcessWireTest {

    private static final ProcessWire.Handles NO_HANDLES = new ProcessWire.Handles() {
        @Override
        public PyObject lent(long handle) {
            throw new AssertionError("no handles here");
        }

        @Override
        public long handleOf(PyObject object) {
            return -1;
        }
    };

    private static Object roundTrip(Object value) throws Exception {
        MessageBufferPacker out = MessagePack.newDefaultBufferPacker();
        ProcessWire.pack(out, value, NO_HANDLES, 0);
        return ProcessWire.unpack(MessagePack.newDefaultUnpacker(out.toByteArray()), NO_HANDLES);
    }

    @Test
    void valuesSurviveTheCodec() throws Exception {
        for (Object value : new Object[] {null, true, 5L, -7L, new java.math.BigInteger("1" + "0".repeat(30)),
            2.5, "plain", "lone \ud800 high", "pair \ud83d\udc0d", List.of(1L, List.of("x")),
            java.util.Map.of("k", 1L), java.util.Set.of(3L)}) {
            assertEquals(value, roundTrip(value), String.valueOf(value));
        }
    }

    @Test
    void loneSurrogatesAreFound() {
        assertFalse(ProcessWire.hasLoneSurrogate("a\ud83d\udc0db"));
        assertTrue(ProcessWire.hasLoneSurrogate("a\ud83d"));
        assertTrue(ProcessWire.hasLoneSurrogate("\udc0d\ud83d"));
    }

    @Test
    void deathsAreDescribed() {
        assertEquals("exited with status 3", ProcessChild.exitText(3));
        assertTrue(ProcessChild.exitText(139).contains("signal 11 (SIGSEGV"));
        assertTrue(ProcessChild.exitText(137).contains("signal 9 (SIGKILL"));
    }
}
