"""Calling Java methods: the GIL is released around the call (other Python
threads run meanwhile, as in Jep), `__methods__` lists the overloads, and a
monitor exit without an enter is a RuntimeError."""

import threading
import unittest

from java.lang import Object, Thread


class JavaCallTest(unittest.TestCase):

    def test_other_python_threads_run_during_a_java_call(self):
        started, done = threading.Event(), threading.Event()

        def sleeper():
            started.set()
            Thread.sleep(300)
            done.set()

        worker = threading.Thread(target=sleeper)
        worker.start()
        started.wait()
        spins = 0
        while not done.is_set():
            spins += 1
        worker.join()
        self.assertGreater(spins, 1000)

    def test_methods_lists_the_overloads(self):
        self.assertEqual(len(Object.wait.__methods__), 3)
        self.assertTrue(all("wait" in str(m) for m in Object.wait.__methods__))

    def test_monitor_exit_without_enter(self):
        lock = Object().synchronized()
        with self.assertRaises(RuntimeError):
            lock.__exit__(None, None, None)
        with lock:
            pass


if __name__ == "__main__":
    unittest.main()
