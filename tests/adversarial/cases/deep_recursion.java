// Deep recursion across the boundary never crashes the JVM, never leaves it
// unable to build stack traces, and ends in a short error:
// - Python <-> Java mutual recursion 200 levels deep: the bottom's error, or a
//   RecursionError, in one short message (no prefix per level);
// - unbounded mutual recursion with a raised recursion limit: RecursionError;
// - a Java StackOverflowError crossing into Python: RecursionError with the
//   Java error as its cause (in Python, and in Java as the JepException's cause).
import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;

public class deep_recursion {
    static Interpreter py;

    public long down(long n) {
        return ((Number) py.invoke("down", n)).longValue();
    }

    public long forever(long n) {
        return forever(n + 1) + 1;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    static JepException failure(Runnable run) {
        try {
            run.run();
        } catch (JepException e) {
            return e;
        }
        throw new AssertionError("no JepException");
    }

    public static void main(String[] args) {
        py = new SharedInterpreter();
        py.set("j", new deep_recursion());
        py.exec(String.join("\n",
                "import sys",
                "sys.setrecursionlimit(1_000_000)",
                "def down(n):",
                "    if n == 0:",
                "        raise ValueError('bottom')",
                "    return j.down(n - 1)",
                "def java_overflow():",
                "    try:",
                "        j.forever(0)",
                "    except RecursionError as e:",
                "        return type(e.__cause__).__name__ + ': ' + str(e)",
                ""));
        JepException shallow = failure(() -> py.invoke("down", 200L));
        String text = shallow.getMessage();
        check(text.length() < 300, "short message, not " + text.length() + " chars: " + text);
        check(text.equals("<class 'ValueError'>: bottom") || text.contains("RecursionError"), text);

        JepException deep = failure(() -> py.invoke("down", 1_000_000L));
        check(deep.getMessage().startsWith("<class 'RecursionError'>"), deep.getMessage());
        check(deep.getMessage().length() < 300, deep.getMessage());

        String inPython = (String) py.invoke("java_overflow");
        check(inPython.contains("StackOverflowError"), "cause in Python: " + inPython);
        JepException overflow = failure(() -> py.exec("j.forever(0)"));
        check(overflow.getMessage().startsWith("<class 'RecursionError'>"), overflow.getMessage());
        check(overflow.getCause() instanceof StackOverflowError, "cause in Java: " + overflow.getCause());

        check(new Throwable().getStackTrace().length > 0, "the JVM still builds stack traces");
        py.exec("x = 1");
        py.close();
        System.out.println("ok: " + text + " | " + deep.getMessage().substring(0, 40) + " | " + inPython);
    }
}
