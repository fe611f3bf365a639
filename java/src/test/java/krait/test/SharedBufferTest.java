package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import krait.InterpreterKind;
import krait.InterpreterPool;

/**
 * One read-only direct ByteBuffer seen by every isolated (own-GIL) interpreter of a pool as a
 * memoryview over the same memory: the same address in each, and a write from Java seen by all.
 */
class SharedBufferTest {

    private static final int INTERPRETERS = 3;

    @Test
    void everyIsolatedInterpreterViewsTheSameMemory() throws Exception {
        ByteBuffer data = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
        long words = data.capacity() / 8;
        for (int i = 0; i < words; i++) {
            data.putLong(i * 8, i);
        }
        ByteBuffer readOnly = data.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        try (InterpreterPool pool = InterpreterPool.builder(InterpreterKind.isolated(null))
                .min(INTERPRETERS).max(INTERPRETERS)
                .warmUp(interp -> interp.set("data", readOnly))
                .warmUp("import _jep, threading\nview = memoryview(data)\nwords = view.cast('q')").build()) {
            List<Object> first = onEveryInterpreter(pool,
                    "[_jep._buffer_address(view), view.readonly, sum(words), words[1], threading.get_ident()]");
            Object address = ((List<?>) first.get(0)).get(0);
            List<Object> threads = new ArrayList<>();
            for (Object each : first) {
                List<?> row = (List<?>) each;
                assertEquals(address, row.get(0), "the same memory in every interpreter: " + first);
                assertEquals(true, row.get(1), "read-only");
                assertEquals(words * (words - 1) / 2, ((Number) row.get(2)).longValue());
                assertEquals(1L, ((Number) row.get(3)).longValue());
                threads.add(row.get(4));
            }
            assertEquals(INTERPRETERS, threads.stream().distinct().count(), "one thread per interpreter");
            assertNotEquals(0L, ((Number) address).longValue());
            data.putLong(8, 4242);
            for (Object each : onEveryInterpreter(pool, "[words[1]]")) {
                assertEquals(4242L, ((Number) ((List<?>) each).get(0)).longValue(), "Java's write is seen by all");
            }
        }
    }

    /** Evaluates {@code expr} once in each interpreter of the pool (all busy at once). */
    private static List<Object> onEveryInterpreter(InterpreterPool pool, String expr) throws Exception {
        CyclicBarrier together = new CyclicBarrier(INTERPRETERS);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < INTERPRETERS; i++) {
            calls.add(pool.callAsync(interp -> {
                try {
                    together.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return interp.getValue(expr);
            }));
        }
        List<Object> rows = new ArrayList<>();
        for (CompletableFuture<Object> call : calls) {
            rows.add(call.get(60, TimeUnit.SECONDS));
        }
        assertEquals(INTERPRETERS, pool.stats().created(), "each call ran in an interpreter of its own");
        return rows;
    }
}
