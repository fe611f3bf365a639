package jep;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs Python inside the JVM from the command line:
 * {@code java -cp krait.jar jep.Run [-i] [script.py [args...]]}.
 *
 * <p>With a script it runs the script in a {@link SharedInterpreter} with {@code sys.argv}
 * set to the script and its arguments and the script's directory first on
 * {@code sys.path}, as {@code python script.py} does; a Python exception prints a traceback
 * to standard error and exits with status 1, and {@code SystemExit} exits with its code.
 * Without a script, or after it with {@code -i}, it is an interactive Python prompt
 * (Python's own {@code code.interact}) that ends with {@code exit()} or end of input.
 */
public class Run {

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: jep.Run [-i] [script.py [args...]]",
            "  script.py  run the script with sys.argv = [script.py, args...]",
            "  -i         then start an interactive prompt",
            "  (no script) start an interactive prompt");

    private static final String SYSTEM_EXIT = "<class 'SystemExit'>";

    /** The stack size of the thread running Python: 16 MiB. */
    private static final long SCRIPT_STACK_BYTES = 16L << 20;

    private Run() {
    }

    /**
     * Runs an interactive Python prompt on standard input in a new {@link SharedInterpreter}
     * until {@code exit()} or end of input.
     *
     * @param eclipse kept for compatibility with Jep, where it marks a run inside an IDE
     *     console; krait's prompt reads standard input the same way in both cases
     * @return the exit status: 0, or the code given to {@code exit()}, or 1 if Python fails
     */
    public static int run(boolean eclipse) {
        return session(null, List.of(), true);
    }

    /**
     * Runs a script or an interactive prompt, then exits the JVM with its exit status.
     * Python runs on a thread with a stack of {@value #SCRIPT_STACK_BYTES} bytes (CPython's
     * main thread usually has 8 MiB; the JVM's main thread only 1 MiB), so deep recursion
     * with a raised recursion limit ends in {@code RecursionError} as it does in CPython.
     *
     * @param args {@code [-i] [script.py [args...]]}
     * @throws Throwable never in practice: every failure becomes an exit status
     */
    public static void main(String[] args) throws Throwable {
        Throwable[] failure = new Throwable[1];
        Thread script = new Thread(null, () -> {
            try {
                runMain(args);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "main", SCRIPT_STACK_BYTES);
        script.start();
        script.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void runMain(String[] args) throws Throwable {
        boolean interactive = false;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && args[i].length() > 1; i++) {
            switch (args[i]) {
                case "-i" -> interactive = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> {
                    System.err.println("jep.Run: unknown option " + args[i]);
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        if (i == args.length) {
            System.exit(session(null, List.of(), true));
        }
        String script = args[i];
        if (!new File(script).isFile()) {
            System.err.println("jep.Run: can't open file '" + script + "': no such file");
            System.exit(2);
        }
        List<String> scriptArgs = Arrays.asList(args).subList(i + 1, args.length);
        System.exit(session(script, scriptArgs, interactive));
    }

    /**
     * Opens a shared interpreter, runs the script (if any) and then the prompt (if asked),
     * and returns the exit status.
     */
    private static int session(String script, List<String> scriptArgs, boolean interactive) {
        try (SharedInterpreter py = new SharedInterpreter()) {
            try {
                List<String> argv = new ArrayList<>();
                argv.add(script == null ? "" : script);
                argv.addAll(scriptArgs);
                String pathEntry = script == null ? ""
                        : new File(script).getAbsoluteFile().getParentFile().getPath();
                setArgv(py, argv, pathEntry);
                int status = script == null ? 0 : runScript(py, script);
                if (interactive) {
                    interact(py);
                }
                return status;
            } catch (JepException e) {
                return report(e, System.err);
            } finally {
                flushPython(py);
            }
        } catch (JepException e) {
            System.err.println("jep.Run: " + e.getMessage());
            return 1;
        }
    }

    /** Sets {@code sys.argv} and puts the script's directory first on {@code sys.path}. */
    private static void setArgv(Interpreter py, List<String> argv, String pathEntry) {
        py.set("__krait_argv", argv);
        py.set("__krait_path", pathEntry);
        py.exec(String.join("\n",
                "__import__('sys').argv = [str(a) for a in globals().pop('__krait_argv')]",
                "__import__('sys').path.insert(0, str(globals().pop('__krait_path')))"));
    }

    /**
     * Runs a script as {@code python script.py} does: its {@code __file__} is its absolute
     * path, and an uncaught exception prints Python's own traceback (full file names, the
     * source lines) and gives the exit status 1. {@code SystemExit} leaves as a
     * {@link JepException}; a compiled {@code .pyc} script runs through {@code runScript}.
     */
    private static int runScript(Interpreter py, String script) {
        String path = new File(script).getAbsolutePath();
        if (path.endsWith(".pyc")) {
            py.runScript(path);
            return 0;
        }
        py.set("__krait_script", path);
        py.exec(String.join("\n",
                "def __krait_run(path):",
                "    import traceback",
                "    try:",
                "        with open(path, 'rb') as source:",
                "            code = compile(source.read(), path, 'exec')",
                "        globals()['__file__'] = path",
                "        exec(code, globals())",
                "    except SystemExit:",
                "        raise",
                "    except BaseException as e:",
                "        traceback.print_exception(type(e), e, e.__traceback__.tb_next)",
                "        return 1",
                "    return 0",
                "__krait_status = __krait_run(globals().pop('__krait_script'))",
                "del __krait_run"));
        Object status = py.getValue("globals().pop('__krait_status')");
        return status instanceof Number n ? n.intValue() : 1;
    }

    /** Runs Python's interactive console over the interpreter's globals. */
    private static void interact(Interpreter py) {
        py.set("__krait_banner", "krait: Python in the JVM (Java " + System.getProperty("java.version")
                + "). Type exit() or Ctrl-D to leave.");
        py.exec("__import__('code').interact("
                + "banner='Python ' + __import__('sys').version + '\\n' + globals().pop('__krait_banner'), "
                + "local=globals(), exitmsg='')");
    }

    /** Flushes Python's standard streams, which krait never finalizes. */
    private static void flushPython(Interpreter py) {
        try {
            py.exec("__import__('sys').stdout.flush()");
            py.exec("__import__('sys').stderr.flush()");
        } catch (JepException e) {
            System.err.println("jep.Run: could not flush Python's output: " + e.getMessage());
        }
    }

    /**
     * Prints a failure as Python would and returns the exit status: the code of a
     * {@code SystemExit}, otherwise 1.
     */
    private static int report(JepException e, PrintStream err) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith(SYSTEM_EXIT)) {
            return exitStatus(message.substring(SYSTEM_EXIT.length()), err);
        }
        List<StackTraceElement> pythonFrames = new ArrayList<>();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getFileName() == null || frame.getFileName().endsWith(".java")) {
                break;
            }
            pythonFrames.add(0, frame);
        }
        if (!pythonFrames.isEmpty()) {
            err.println("Traceback (most recent call last):");
            for (StackTraceElement frame : pythonFrames) {
                err.println("  File \"" + frame.getFileName() + "\", line " + frame.getLineNumber()
                        + ", in " + frame.getMethodName());
            }
        }
        err.println(pythonStyle(message));
        if (e.getCause() != null) {
            err.print("Caused by Java exception: ");
            e.getCause().printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /** The exit status of a {@code SystemExit} whose text follows the type in the message. */
    private static int exitStatus(String rest, PrintStream err) {
        String code = rest.startsWith(": ") ? rest.substring(2).trim() : rest.trim();
        if (code.isEmpty() || code.equals("None")) {
            return 0;
        }
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException notNumber) {
            err.println(code);
            err.flush();
            return 1;
        }
    }

    /** Turns {@code <class 'ValueError'>: bad} into {@code ValueError: bad}. */
    private static String pythonStyle(String message) {
        if (!message.startsWith("<class '")) {
            return message;
        }
        int end = message.indexOf("'>");
        if (end < 0) {
            return message;
        }
        String type = message.substring("<class '".length(), end);
        String rest = message.substring(end + 2);
        return rest.startsWith(": ") && rest.length() > 2 ? type + rest : type;
    }
}
