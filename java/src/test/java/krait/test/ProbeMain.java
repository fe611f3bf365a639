package krait.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Main class run in a child JVM by {@link SelfLoadingTest}: starts krait from scratch, opens a
 * SharedInterpreter and then a SubInterpreter, and prints what it found as {@code key=value} lines:
 * {@code shared.version}, {@code shared.executable}, {@code shared.prefix},
 * {@code shared.base_prefix}, {@code sub.version}, {@code libpython} (from /proc/self/maps), and
 * {@code eval.N} / {@code sub.eval.N} for each argument N, run in the SharedInterpreter and again in
 * the SubInterpreter (an argument {@code exec:CODE} is executed and prints "ok", any other argument is
 * evaluated with getValue). Ends with {@link #DONE}. On failure it
 * prints {@code error.class} and {@code error.message} (newlines as \n) and exits with status 3.
 */
public final class ProbeMain {

    public static final String DONE = "PROBE-DONE";

    private ProbeMain() {
    }

    public static void main(String[] args) {
        try {
            try (Interpreter interp = new SharedInterpreter()) {
                interp.exec("import sys, os");
                print("shared.version", interp.getValue("'%d.%d' % sys.version_info[:2]"));
                print("shared.executable", interp.getValue("sys.executable"));
                print("shared.prefix", interp.getValue("sys.prefix"));
                print("shared.base_prefix", interp.getValue("sys.base_prefix"));
                runArgs(interp, "eval.", args);
            }
            try (Interpreter sub = new SubInterpreter()) {
                sub.exec("import sys, os, json");
                print("sub.version", sub.getValue("'%d.%d' % sys.version_info[:2]"));
                print("sub.json", sub.getValue("json.dumps({'a': [1, 2]})"));
                runArgs(sub, "sub.eval.", args);
            }
            print("libpython", loadedLibpython());
            System.out.println(DONE);
            System.out.flush();
        } catch (Throwable e) {
            print("error.class", e.getClass().getName());
            print("error.message", String.valueOf(e.getMessage()).replace("\n", "\\n"));
            Throwable c = e.getCause();
            while (c != null) {
                print("error.cause", c.getClass().getName() + ": "
                        + String.valueOf(c.getMessage()).replace("\n", "\\n"));
                c = c.getCause();
            }
            System.out.flush();
            e.printStackTrace();
            System.exit(3);
        }
    }

    private static void runArgs(Interpreter interp, String prefix, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("exec:")) {
                interp.exec(a.substring("exec:".length()));
                print(prefix + i, "ok");
            } else {
                print(prefix + i, interp.getValue(a));
            }
        }
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    /** The first libpython mapped into this process, or "none". */
    private static String loadedLibpython() {
        try {
            List<String> maps = Files.readAllLines(Paths.get("/proc/self/maps"), StandardCharsets.UTF_8);
            for (String line : maps) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.contains("libpython")) {
                    return line.substring(slash).trim();
                }
            }
            return "none";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }
}
