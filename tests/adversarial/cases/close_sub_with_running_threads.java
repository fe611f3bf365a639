// Closing a SubInterpreter while Python threads it started still run never
// aborts the process ("Py_EndInterpreter: not the last thread"): a running
// non-daemon thread refuses the close (as in Jep) and the interpreter stays
// usable; other threads are stopped with SystemExit, and a thread that does
// not stop in time leaves the interpreter detached, reported by close().
import jep.JepConfig;
import jep.JepException;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

public class close_sub_with_running_threads {
    static String close(String code) {
        return close(new JepConfig(), code);
    }

    static String close(JepConfig config, String code) {
        SubInterpreter py = new SubInterpreter(config);
        py.exec(code);
        return close(py);
    }

    static String close(SubInterpreter py) {
        try {
            py.close();
            return null;
        } catch (JepException e) {
            return e.getMessage();
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    public static void main(String[] args) {
        String spin = "def spin():\n    while True: pass\n";
        check(close("import threading\n" + spin
                + "threading.Thread(target=spin, daemon=True).start()") == null,
                "a busy daemon thread is stopped");
        check(close("import _thread\n" + spin + "_thread.start_new_thread(spin, ())") == null,
                "a busy _thread thread is stopped");
        SubInterpreter busy = new SubInterpreter();
        busy.exec("import threading, time\n"
                + "t = threading.Thread(target=time.sleep, args=(0.5,))\nt.start()");
        String refused = close(busy);
        check(refused != null && refused.contains("threads must be stopped"),
                "a running non-daemon thread refuses the close: " + refused);
        busy.exec("t.join()");
        check(close(busy) == null, "once the thread ended, close works");
        String sleeping = close("import threading, time\n"
                + "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()");
        check(sleeping != null && sleeping.contains("detached"), "a sleeping daemon: " + sleeping);
        String raw = close("import _thread, time\n_thread.start_new_thread(time.sleep, (60,))");
        check(raw != null && raw.contains("detached"), "a sleeping _thread thread: " + raw);
        int minor;
        // The JVM and krait stay usable.
        try (SubInterpreter py = new SubInterpreter()) {
            py.exec("x = 6 * 7");
            check(((Number) py.getValue("x")).intValue() == 42, "a new sub-interpreter works");
            minor = ((Number) py.getValue("__import__('sys').version_info[1]")).intValue();
        }
        if (minor >= 12) {
            JepConfig isolated = new JepConfig()
                    .setSubInterpreterOptions(SubInterpreterOptions.isolated());
            check(close(isolated, "import _thread\n" + spin + "_thread.start_new_thread(spin, ())")
                    == null, "isolated: a busy thread is stopped");
            String own = close(isolated,
                    "import _thread, time\n_thread.start_new_thread(time.sleep, (60,))");
            check(own != null && own.contains("detached"), "isolated: a sleeping thread: " + own);
        }
        System.out.println("ok");
    }
}
