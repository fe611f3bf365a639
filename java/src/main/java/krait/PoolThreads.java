package krait;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The threads an {@link InterpreterPool} starts besides its workers. */
final class PoolThreads {

    private PoolThreads() {
    }

    /**
     * Where asynchronous calls wait for their interpreter: a virtual thread each on Java 21 and
     * newer (cheap to block), else daemon platform threads.
     */
    static ExecutorService newAsyncCallers() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool(r -> daemon(r, "krait-pool-caller"));
        }
    }

    /** A daemon thread of that name running {@code runnable} (not started). */
    static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
