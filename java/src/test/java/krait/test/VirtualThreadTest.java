package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Virtual threads, with the Temurin JDK 25 of these machines (skipped, and reported so, where
 * it is missing; {@code krait.jdk25} names another JDK 21+): opening a jep interpreter on a
 * virtual thread throws a JepException pointing to the pool; a pool serves 10 000 virtual
 * threads; and the README's pool example compiles and runs as written.
 */
class VirtualThreadTest {

    private static final Path JDK = Paths.get(System.getProperty("krait.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    private static Path tool(String name) {
        Path tool = JDK.resolve("bin").resolve(name);
        assumeTrue(Files.isExecutable(tool), "needs a JDK 21+ with virtual threads at " + JDK + " (not present)");
        return tool;
    }

    /** Runs a command, returns its stdout; fails with its output when it exits non-zero. */
    private static String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished in time: " + command);
        String text = output.get(10, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + "\n" + text);
        assertTrue(!text.contains(TestSupport.JNI_WARNING), text);
        return text;
    }

    private static List<String> javaCommand(String classPath, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(tool("java").toString());
        command.add("-Xcheck:jni");
        command.add("-Dkrait.python=" + System.getProperty("krait.python"));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        return command;
    }

    @Test
    void virtualThreadsAreRefusedAnInterpreterAndServedByAPool() throws Exception {
        String out = run(javaCommand(TestSupport.childClassPath(), VirtualThreadMain.class.getName()));
        assertTrue(out.contains("REFUSED krait.UsageException: A jep interpreter cannot be opened on a virtual thread"),
                out);
        assertTrue(out.contains("Use krait.InterpreterPool"), out);
        assertTrue(out.contains("VIRTUAL callers 10000 distinct 10000 wrong 0 created 2"), out);
        assertTrue(out.contains(ProbeMain.DONE), out);
    }

    /** The README's "Pools, timeouts and interrupts" example, compiled and run as written. */
    @Test
    void theReadmePoolExampleRuns() throws Exception {
        Path readme = Paths.get(System.getProperty("user.dir")).resolve("../README.md").normalize();
        String text = Files.readString(readme);
        Matcher block = Pattern.compile("<!-- pool-example -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(block.find(), "README.md has the pool example");
        Path dir = Files.createTempDirectory("krait-pool-example");
        Files.writeString(dir.resolve("PoolExample.java"), block.group(1));
        String classes = Paths.get(jep.Interpreter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        run(List.of(tool("javac").toString(), "-cp", classes, "-d", dir.toString(),
                dir.resolve("PoolExample.java").toString()));
        String out = run(javaCommand(classes + java.io.File.pathSeparator + dir, "PoolExample"));
        assertTrue(out.contains("sum of fib(n % 20) over 10000 virtual threads: 5472500"), out);
        assertTrue(out.contains("runaway code stopped: true"), out);
        assertTrue(out.contains("still usable: 2"), out);
    }
}
