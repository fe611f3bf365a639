package krait;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import jep.JepException;

/**
 * The request/reply engine of a {@link ProcessInterpreter}: one request at a time (a fair
 * lock, any thread), the watchdog that interrupts and then kills a call past its timeout,
 * stdout frames forwarded while a reply is awaited, queued handle releases, and the
 * verdict when the child dies (after which every request is refused with the reason).
 */
final class ProcessConnection {

    /** Runs the deadline checks of every process interpreter, and schedules their health checks. */
    static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(run -> {
        Thread thread = new Thread(run, "krait-process-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Runs the health checks' pings. A ping waits for its child's answer, and only a deadline
     * check on {@link #WATCHDOG} ends a ping that gets none: run on the watchdog itself, a ping
     * to a hung child would wait for a check queued behind it, and every other deadline in the
     * JVM with it.
     */
    static final ExecutorService HEALTH = Executors.newCachedThreadPool(run -> {
        Thread thread = new Thread(run, "krait-process-health");
        thread.setDaemon(true);
        return thread;
    });

    /** Writes a request's fields after its op code. */
    interface Body {
        /** Packs the fields. */
        void pack(MessageBufferPacker out) throws IOException;
    }

    final ProcessChild child;
    final ReentrantLock lock = new ReentrantLock(true);
    /** Handles released by Java (close or Cleaner), sent before the next request. */
    final ConcurrentLinkedQueue<Long> releases = new ConcurrentLinkedQueue<>();
    private final ProcessWire.Handles handles;
    private final OutputStream stdoutSink;
    private final Duration callTimeout;
    private final Duration grace;
    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    /** The watchdog's view of the call in flight's deadline. */
    private final ProcessDeadline deadline = new ProcessDeadline(WATCHDOG, this::onTimeout);

    /** Why the interpreter can no longer be used (closed or dead), or null. */
    private volatile String unusable;
    /** The number of the call in flight, for the watchdog. */
    private volatile long callNumber;
    /** What the watchdog did to the call in flight. */
    private volatile String timeoutAction;

    ProcessConnection(ProcessChild child, ProcessWire.Handles handles, OutputStream stdoutSink,
            Duration callTimeout, Duration grace) {
        this.child = child;
        this.handles = handles;
        this.stdoutSink = stdoutSink;
        this.callTimeout = callTimeout;
        this.grace = grace;
    }

    /** Why requests are refused, or null while the interpreter is usable. */
    String unusableReason() {
        return unusable;
    }

    /** Refuses later requests with {@code reason} (the first reason stays). */
    void markUnusable(String reason) {
        if (unusable == null) {
            unusable = reason;
        }
    }

    /** Sends request {@code op} with {@code fields} more fields and returns its value. */
    Object request(String what, int op, int fields, Body body) {
        return request(what, out -> {
            out.packArrayHeader(fields + 1);
            out.packInt(op);
            if (body != null) {
                body.pack(out);
            }
        }, callTimeout);
    }

    /**
     * Sends a request ({@code body} null: none, wait for the ready signal) and returns the
     * value of its reply, interrupting and then killing the child after {@code timeout}.
     */
    Object request(String what, Body body, Duration timeout) {
        return request(what, body, timeout, true);
    }

    /** Waits for the child's ready signal; a child not ready within {@code timeout} is killed. */
    String awaitReady(Duration timeout) {
        return String.valueOf(request("start", null, timeout, false));
    }

    private Object request(String what, Body body, Duration timeout, boolean interruptible) {
        lock.lock();
        try {
            String reason = unusable;
            if (reason != null) {
                throw new UsageException("This ProcessInterpreter cannot be used: " + reason + ".");
            }
            try {
                sendReleases();
                if (body != null) {
                    packer.clear();
                    body.pack(packer);
                    child.send(packer.toBufferList());
                }
            } catch (IOException e) {
                throw died(what, e);
            }
            long number = ++callNumber;
            timeoutAction = null;
            if (timeout != null) {
                deadline.start(number, timeout, interruptible);
            }
            try {
                return awaitReply(what);
            } finally {
                if (timeout != null) {
                    deadline.end();
                }
                callNumber++;
            }
        } finally {
            lock.unlock();
        }
    }

    private Object awaitReply(String what) {
        while (true) {
            ProcessChild.Frame frame;
            try {
                frame = child.receive();
            } catch (IOException e) {
                throw died(what, e);
            }
            if (frame.bytesValue() != null) {
                return frame.bytesValue();
            }
            try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame.message())) {
                in.unpackArrayHeader();
                int kind = in.unpackInt();
                switch (kind) {
                    case ProcessWire.REPLY_STDOUT -> forwardStdout(in.readPayload(in.unpackBinaryHeader()));
                    case ProcessWire.REPLY_VALUE, ProcessWire.REPLY_READY -> {
                        return ProcessWire.unpack(in, handles);
                    }
                    case ProcessWire.REPLY_PYTHON_ERROR -> throw ProcessWire.pythonError(in, timeoutAction);
                    case ProcessWire.REPLY_USAGE_ERROR -> throw new UsageException(in.unpackString());
                    default -> throw new InternalException("unknown reply " + kind + " from the Python worker");
                }
            } catch (IOException e) {
                throw new InternalException("krait could not read a reply of its Python worker: " + e);
            }
        }
    }

    private void forwardStdout(byte[] bytes) {
        OutputStream sink = stdoutSink != null ? stdoutSink : System.out;
        try {
            sink.write(bytes);
            sink.flush();
        } catch (IOException e) {
            // The user's stream failed; Python's output is dropped, the call goes on.
        }
    }

    private void onTimeout(long number, Duration timeout, boolean interruptible) {
        if (callNumber != number || unusable != null) {
            return;
        }
        if (!interruptible) {
            timeoutAction = "it timed out after " + Durations.millis(timeout) + " ms and the worker was killed";
            child.process.destroyForcibly();
            return;
        }
        timeoutAction = "the call timed out after " + Durations.millis(timeout) + " ms and was interrupted";
        // The kill is scheduled first: it must come even if sending the interrupt fails.
        WATCHDOG.schedule(() -> {
            if (callNumber == number) {
                timeoutAction = "the call timed out after " + Durations.millis(timeout) + " ms, did not answer SIGINT within "
                        + Durations.millis(grace) + " ms, and the worker was killed";
                child.process.destroyForcibly();
            }
        }, Durations.millis(grace), TimeUnit.MILLISECONDS);
        child.interrupt();
    }

    /** Marks the interpreter dead and returns the exception for the call in flight. */
    private JepException died(String what, IOException e) {
        String how = child.describeDeath();
        String action = timeoutAction;
        String reason = (action != null ? action + "; " : "") + how;
        markUnusable("its Python worker died (" + reason + ")");
        child.closePipes();
        String detail = e instanceof EOFException ? "" : " [" + e + "]";
        return new JepException("The ProcessInterpreter's " + what + " failed because " + reason + detail
                + ". The JVM is unaffected; this interpreter cannot be used any more: start a new one.");
    }

    private void sendReleases() throws IOException {
        if (releases.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        Long id;
        while ((id = releases.poll()) != null) {
            ids.add(id);
        }
        packer.clear();
        packer.packArrayHeader(2);
        packer.packInt(ProcessWire.OP_RELEASE);
        packer.packArrayHeader(ids.size());
        for (long handle : ids) {
            packer.packLong(handle);
        }
        child.send(packer.toBufferList());
    }

    /** Kills the child now (any thread, no lock): a call in flight fails as a death. */
    void kill() {
        if (unusable == null) {
            timeoutAction = "it was killed by ProcessInterpreter.kill()";
        }
        child.process.destroyForcibly();
    }

    /** Sends SIGINT when a call is in flight (an odd call number); whether one was. */
    boolean interruptCall() {
        if ((callNumber & 1) == 0 || unusable != null) {
            return false;
        }
        child.interrupt();
        return true;
    }

    /** Health check: whether the child answers within {@code timeout}; one that does not is killed. */
    boolean ping(Duration timeout) {
        if (unusable != null) {
            return false;
        }
        try {
            request("ping", out -> {
                out.packArrayHeader(1);
                out.packInt(ProcessWire.OP_PING);
            }, timeout);
            return true;
        } catch (JepException e) {
            if (unusable == null) {
                child.kill();
                markUnusable("its Python worker did not answer a health check within " + Durations.millis(timeout) + " ms");
            }
            return false;
        }
    }

    /** Asks the child to exit, and kills it if it has not within the grace period. Idempotent. */
    void close() {
        lock.lock();
        try {
            if (unusable == null) {
                try {
                    request("close", out -> {
                        out.packArrayHeader(1);
                        out.packInt(ProcessWire.OP_EXIT);
                    }, grace);
                } catch (JepException e) {
                    // A dead or hung child is killed below either way.
                }
                markUnusable("it was closed");
            }
            child.closePipes();
            if (!child.waitFor(grace)) {
                child.kill();
            }
        } finally {
            lock.unlock();
        }
    }
}
