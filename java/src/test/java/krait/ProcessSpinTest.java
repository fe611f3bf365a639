package krait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The policy deciding when {@link ProcessChild} polls its pipe before blocking (pure). */
class ProcessSpinTest {

    @Test
    void failedPollsBackOffDoublingAndSuccessResets() {
        ProcessSpin spin = new ProcessSpin();
        assertTrue(spin.shouldSpin());
        spin.spun(false);
        assertFalse(spin.shouldSpin(), "one wait blocks at once");
        assertTrue(spin.shouldSpin());
        spin.spun(false);
        assertFalse(spin.shouldSpin());
        assertFalse(spin.shouldSpin());
        assertTrue(spin.shouldSpin(), "then two");
        spin.spun(true);
        assertTrue(spin.shouldSpin(), "a poll that saw input keeps polling");
        spin.spun(false);
        assertFalse(spin.shouldSpin(), "and starts the back-off over");
        assertTrue(spin.shouldSpin());
    }

    @Test
    void backOffIsBounded() {
        ProcessSpin spin = new ProcessSpin();
        for (int i = 0; i < 20; i++) {
            while (!spin.shouldSpin()) {
                // Skip the waits that block at once.
            }
            spin.spun(false);
        }
        int skipped = 0;
        while (!spin.shouldSpin()) {
            skipped++;
        }
        assertEquals(ProcessSpin.MAX_SKIP, skipped);
    }
}
