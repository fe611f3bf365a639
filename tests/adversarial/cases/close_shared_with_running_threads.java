// Closing the last SharedInterpreter while Python threads it started still run
// (daemon threading.Thread, _thread.start_new_thread, both calling Java) and
// then ending the JVM never aborts: the main interpreter is never finalized,
// its threads keep running until the process exits.
import jep.SharedInterpreter;

public class close_shared_with_running_threads {
    public static void main(String[] args) {
        try (SharedInterpreter py = new SharedInterpreter()) {
            py.exec(String.join("\n",
                    "import threading, _thread, time",
                    "from java.lang import System",
                    "def spin():",
                    "    while True:",
                    "        System.nanoTime()",
                    "threading.Thread(target=spin, daemon=True).start()",
                    "_thread.start_new_thread(spin, ())",
                    "_thread.start_new_thread(time.sleep, (60,))",
                    "time.sleep(0.2)"));
        }
        try (SharedInterpreter again = new SharedInterpreter()) {
            again.exec("import threading\nassert threading.active_count() >= 2");
        }
        System.out.println("ok");
    }
}
