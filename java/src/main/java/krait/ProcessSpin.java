package krait;

/**
 * When to poll the worker's pipe briefly before blocking on it. On this kind of machine (a VM
 * whose idle vCPUs halt) a thread blocked in {@code read} on one CPU is woken in tens of
 * microseconds, while the worker answers {@code invoke} within a few: a short poll keeps the
 * round trip fast. A poll that sees nothing (a long call, or the worker shares this CPU) makes
 * the next waits block at once, for twice as many waits each time, so long calls cost at most
 * one short poll per {@link #MAX_SKIP} waits. The worker applies the same policy to requests
 * ({@code native/worker/spin.rs}). Not thread-safe: its connection's lock guards it.
 */
final class ProcessSpin {

    /** How long one wait polls before blocking. */
    static final long SPIN_NANOS = 20_000;

    /** The most waits that block at once after failed polls. */
    static final int MAX_SKIP = 256;

    private int skip;
    private int backoff = 1;

    /** Whether this wait polls first. */
    boolean shouldSpin() {
        if (skip > 0) {
            skip--;
            return false;
        }
        return true;
    }

    /** Records whether input arrived while polling. */
    void spun(boolean arrived) {
        if (arrived) {
            backoff = 1;
        } else {
            skip = backoff;
            backoff = Math.min(backoff * 2, MAX_SKIP);
        }
    }
}
