"""Waiting for a Java monitor (``with obj.synchronized()``) runs without the GIL,
as in Jep: the thread holding the monitor needs the GIL to get on and release it
(this used to deadlock)."""

import threading
import time
import unittest

from java.lang import Object


class MonitorWaitTest(unittest.TestCase):

    def test_a_python_thread_waits_for_a_monitor_held_by_another(self):
        lock = Object()
        order = []

        def worker():
            with lock.synchronized():
                order.append('worker')

        with lock.synchronized():
            t = threading.Thread(target=worker)
            t.start()
            time.sleep(0.2)  # the worker now waits for the monitor
            order.append('main')
        t.join(10)
        self.assertFalse(t.is_alive())
        self.assertEqual(order, ['main', 'worker'])


if __name__ == "__main__":
    unittest.main()
