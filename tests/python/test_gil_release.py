"""A Java call from Python runs without the GIL: Java code may wait for other threads
that run Python (it used to deadlock), other Python threads run meanwhile, and Java
may call back into Python on the calling thread, also from a Python thread."""

import threading
import time
import unittest

from java.lang import Thread as JavaThread

from krait.fixtures import OtherThreads


class WaitingForOtherThreadsTest(unittest.TestCase):

    def test_java_waits_for_a_sub_interpreter_on_another_thread(self):
        self.assertEqual(OtherThreads.evalOnNewThread(True, "6 * 7"), "42")

    def test_java_waits_for_a_shared_interpreter_on_another_thread(self):
        self.assertEqual(OtherThreads.evalOnNewThread(False, "'x' * 3"), "xxx")

    def test_constructors_release_the_gil_too(self):
        self.assertEqual(OtherThreads("1 + 1").value, "2")


class PythonThreadsTest(unittest.TestCase):

    def test_python_threads_run_while_java_sleeps(self):
        ticks = []
        stop = threading.Event()

        def tick():
            while not stop.is_set():
                ticks.append(1)
                time.sleep(0.001)

        worker = threading.Thread(target=tick)
        worker.start()
        try:
            before = len(ticks)
            JavaThread.sleep(300)
            during = len(ticks) - before
        finally:
            stop.set()
            worker.join()
        self.assertGreater(during, 10)

    def test_a_python_thread_calling_java_gets_callbacks(self):
        seen = []

        def work():
            try:
                OtherThreads.call(lambda: seen.append(threading.current_thread().name))
            except Exception as e:
                seen.append(e)

        worker = threading.Thread(target=work, name="py-worker")
        worker.start()
        worker.join()
        self.assertEqual(seen, ["py-worker"])

    def test_callbacks_on_the_calling_thread(self):
        seen = []
        OtherThreads.call(lambda: seen.append(1))
        OtherThreads.call(lambda: OtherThreads.call(lambda: seen.append(2)))
        self.assertEqual(seen, [1, 2])


if __name__ == "__main__":
    unittest.main()
