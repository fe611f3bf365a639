// Closing a SubInterpreter while Python threads it started still run never
// aborts the process ("Py_EndInterpreter: not the last thread"): non-daemon
// threads are waited for, busy threads are stopped with SystemExit, and a
// thread that does not stop in time leaves the interpreter detached, reported
// by close().
import jep.JepException;
import jep.SubInterpreter;

public class close_sub_with_running_threads {
    static String close(String code) {
        SubInterpreter py = new SubInterpreter();
        py.exec(code);
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
        check(close("import threading, time\n"
                + "threading.Thread(target=time.sleep, args=(0.5,)).start()") == null,
                "a non-daemon thread is waited for");
        String sleeping = close("import threading, time\n"
                + "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()");
        check(sleeping != null && sleeping.contains("detached"), "a sleeping daemon: " + sleeping);
        String raw = close("import _thread, time\n_thread.start_new_thread(time.sleep, (60,))");
        check(raw != null && raw.contains("detached"), "a sleeping _thread thread: " + raw);
        // The JVM and krait stay usable.
        try (SubInterpreter py = new SubInterpreter()) {
            py.exec("x = 6 * 7");
            check(((Number) py.getValue("x")).intValue() == 42, "a new sub-interpreter works");
        }
        System.out.println("ok");
    }
}
