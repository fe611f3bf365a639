package krait;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.msgpack.core.buffer.MessageBuffer;

/**
 * One {@code krait-worker} child process: started with an empty environment except
 * {@code LD_LIBRARY_PATH} (for its libpython), frames on its stdin/stdout pipes (the
 * worker moves them off fds 0/1 before Python starts), its stderr forwarded by a daemon
 * thread that keeps the last lines for reports of how the child died. Not thread-safe:
 * {@link ProcessInterpreter} serializes its use.
 */
final class ProcessChild {

    /** How many of the child's last stderr lines a death report quotes. */
    static final int STDERR_TAIL_LINES = 20;

    /**
     * The most bytes one read or write call moves: the JDK copies a larger array through a
     * freshly mapped native buffer on every call.
     */
    static final int IO_CHUNK = 64 * 1024;

    /** The largest frame accepted from the child. */
    static final int MAX_FRAME = 1 << 30;

    final Process process;
    private final DataInputStream in;
    private final OutputStream out;
    private final Thread stderrPump;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final OutputStream stderrSink;
    private final ProcessSpin spin = new ProcessSpin();

    private ProcessChild(Process process, OutputStream stderrSink) {
        this.process = process;
        this.stderrSink = stderrSink;
        // The JDK's pipe stream is buffered already (8 KiB). A second buffer on top would ask
        // it for 64 KiB per fill, and a BufferedInputStream given less than it asked for asks
        // the pipe whether more is available: an fstat and an ioctl per reply. Reads of a
        // frame's exact length end without asking.
        this.in = new DataInputStream(process.getInputStream());
        this.out = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
        this.stderrPump = new Thread(this::pumpStderr, "krait-worker-stderr-" + process.pid());
        stderrPump.setDaemon(true);
        stderrPump.start();
    }

    /** Starts the worker executable with {@code settings} as its arguments. */
    static ProcessChild start(String worker, List<String> settings, String libdir, OutputStream stderrSink)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(worker);
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.clear();
        if (!libdir.isEmpty()) {
            environment.put("LD_LIBRARY_PATH", libdir);
        }
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        return new ProcessChild(builder.start(), stderrSink);
    }

    private void pumpStderr() {
        InputStream err = process.getErrorStream();
        byte[] buffer = new byte[8192];
        StringBuilder line = new StringBuilder();
        try {
            int n;
            while ((n = err.read(buffer)) > 0) {
                OutputStream sink = stderrSink != null ? stderrSink : System.err;
                try {
                    sink.write(buffer, 0, n);
                    sink.flush();
                } catch (IOException e) {
                    // The user's stream failed; the child's stderr is still kept below.
                }
                String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
                synchronized (stderrTail) {
                    for (char c : text.toCharArray()) {
                        if (c == '\n') {
                            keepLine(line.toString());
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The pipe closed with the child.
        }
        synchronized (stderrTail) {
            if (line.length() > 0) {
                keepLine(line.toString());
            }
        }
    }

    private void keepLine(String line) {
        stderrTail.addLast(line);
        if (stderrTail.size() > STDERR_TAIL_LINES) {
            stderrTail.removeFirst();
        }
    }

    /** Sends one frame made of the packer's buffers. */
    void send(List<MessageBuffer> payload) throws IOException {
        long total = 0;
        for (MessageBuffer buffer : payload) {
            total += buffer.size();
        }
        if (total > MAX_FRAME) {
            throw new UsageException("a request of " + total + " bytes exceeds krait's frame limit of "
                    + MAX_FRAME + " bytes");
        }
        int length = (int) total;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        for (MessageBuffer buffer : payload) {
            for (int done = 0; done < buffer.size(); done += IO_CHUNK) {
                out.write(buffer.array(), buffer.arrayOffset() + done, Math.min(IO_CHUNK, buffer.size() - done));
            }
        }
        out.flush();
    }

    /**
     * One frame from the child: a MessagePack message, or, for a reply whose value is
     * {@code bytes} sent as a 32-bit-length {@code bin} (the worker sends large ones so),
     * just that value, read straight into its array.
     */
    record Frame(byte[] message, byte[] bytesValue) {
    }

    /** The start of a reply frame {@code [REPLY_VALUE, bin32 ...]}. */
    private static final byte[] BYTES_REPLY = {(byte) 0x92, (byte) ProcessWire.REPLY_VALUE, (byte) 0xc6};

    /** Reads one frame; {@link EOFException} when the child closed its end. */
    Frame receive() throws IOException {
        awaitInput();
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("corrupt frame of " + length + " bytes from the worker");
        }
        int prefix = BYTES_REPLY.length + 4;
        if (length < prefix) {
            return new Frame(read(new byte[length], 0), null);
        }
        byte[] head = read(new byte[prefix], 0);
        if (Arrays.equals(head, 0, BYTES_REPLY.length, BYTES_REPLY, 0, BYTES_REPLY.length)
                && ByteBuffer.wrap(head, BYTES_REPLY.length, 4).getInt() == length - prefix) {
            return new Frame(null, read(new byte[length - prefix], 0));
        }
        byte[] message = new byte[length];
        System.arraycopy(head, 0, message, 0, prefix);
        return new Frame(read(message, prefix), null);
    }

    /** Polls for input for up to {@link ProcessSpin#SPIN_NANOS} when the policy says so. */
    private void awaitInput() throws IOException {
        if (!spin.shouldSpin()) {
            return;
        }
        long end = System.nanoTime() + ProcessSpin.SPIN_NANOS;
        boolean arrived;
        while (!(arrived = in.available() > 0) && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        spin.spun(arrived);
    }

    /** Fills {@code into} from {@code offset} on. */
    private byte[] read(byte[] into, int offset) throws IOException {
        for (int done = offset; done < into.length;) {
            int n = in.read(into, done, Math.min(IO_CHUNK, into.length - done));
            if (n < 0) {
                throw new EOFException("the worker closed its end in the middle of a frame");
            }
            done += n;
        }
        return into;
    }

    /**
     * Sends SIGINT (Python raises {@code KeyboardInterrupt} in the running call): through
     * libkrait when this JVM has it loaded, else by running {@code kill -INT}.
     */
    void interrupt() {
        if (Interrupts.interruptProcess(process.pid())) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child (SIGKILL) and waits for it. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** Waits up to {@code grace} for the child to exit; whether it did. */
    boolean waitFor(Duration grace) {
        try {
            return process.waitFor(Durations.nanos(grace), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Closes the pipes (the child sees end of input). */
    void closePipes() {
        try {
            out.close();
        } catch (IOException e) {
            // Already broken: the child is gone.
        }
        try {
            in.close();
        } catch (IOException e) {
            // As above.
        }
    }

    /**
     * Says how the child ended, after waiting for it: exit status or signal, and the last
     * lines of its stderr.
     */
    String describeDeath() {
        if (!waitFor(Duration.ofSeconds(5))) {
            kill();
        }
        try {
            stderrPump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StringBuilder text = new StringBuilder("the Python worker process (pid ").append(process.pid()).append(") ");
        text.append(exitText(process.exitValue()));
        List<String> tail;
        synchronized (stderrTail) {
            tail = new ArrayList<>(stderrTail);
        }
        if (!tail.isEmpty()) {
            text.append(". Last lines of its stderr:\n").append(String.join("\n", tail));
        }
        return text.toString();
    }

    /** Java reports a death by signal N as exit status 128 + N. */
    static String exitText(int status) {
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            String name = switch (signal) {
                case 2 -> "SIGINT";
                case 6 -> "SIGABRT";
                case 7 -> "SIGBUS";
                case 8 -> "SIGFPE";
                case 9 -> "SIGKILL; the kernel's out-of-memory killer also sends it";
                case 11 -> "SIGSEGV, a segmentation fault";
                case 15 -> "SIGTERM";
                default -> "signal " + signal;
            };
            return "was killed by signal " + signal + " (" + name + ")";
        }
        return "exited with status " + status;
    }
}
