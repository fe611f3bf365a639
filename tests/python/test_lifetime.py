"""Wrapper lifetime (issue item 6): each wrapper holds a JNI global reference that is
released when Python collects the wrapper, so churning wrappers leaks nothing in Java.

The reachable heap is measured after System.gc(); the JNI global-reference count comes
from HotSpot's thread dump and is checked only when the JVM reports it."""

import gc
import unittest

import java.lang
from krait.fixtures import Memory, Thrower, Values

CHURN = 10 ** 6
HEAP_SLACK = 8 * 1024 * 1024   # 10**6 leaked Objects would keep at least 16 MB reachable
REF_SLACK = 1000


class LifetimeTest(unittest.TestCase):

    def measure(self):
        gc.collect()
        return Memory.usedHeapAfterGc(), Memory.jniGlobalRefs()

    def assert_flat(self, before, after, what):
        heap_before, refs_before = before
        heap_after, refs_after = after
        self.assertLess(heap_after - heap_before, HEAP_SLACK,
                        "%s: the reachable heap grew from %d to %d bytes" % (what, heap_before, heap_after))
        if refs_before >= 0 and refs_after >= 0:
            self.assertLess(refs_after - refs_before, REF_SLACK,
                            "%s: JNI global refs grew from %d to %d" % (what, refs_before, refs_after))

    def test_python_threads_use_java_objects(self):
        """Threads Python creates are attached to the JVM as daemons when they call Java."""
        import threading
        from java.lang import Thread as JavaThread
        from java.util import ArrayList
        results = []

        def work():
            numbers = ArrayList()
            for i in range(1000):
                numbers.add(i)
            results.append((numbers.size(), JavaThread.currentThread().isDaemon()))
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(results, [(1000, True)] * 4)

    def test_a_million_constructed_wrappers(self):
        Object = java.lang.Object
        for _ in range(10000):
            Object()
        before = self.measure()
        for _ in range(CHURN):
            Object()
        self.assert_flat(before, self.measure(), "Object()")

    def test_wrappers_returned_from_java(self):
        for _ in range(1000):
            Values.newObject()
            Values.list()
        before = self.measure()
        for _ in range(CHURN // 10):
            Values.newObject()
            Values.list()
            Values.intArray()
        self.assert_flat(before, self.measure(), "returned wrappers")

    def test_kept_wrappers_hold_references_until_dropped(self):
        Object = java.lang.Object
        Object()
        before = self.measure()
        kept = [Object() for _ in range(100000)]
        during = self.measure()
        if before[1] >= 0:
            self.assertGreaterEqual(during[1] - before[1], 90000,
                                    "each live wrapper should hold a global reference")
        self.assertEqual(len(kept), 100000)
        del kept
        self.assert_flat(before, self.measure(), "dropped wrappers")

    def test_java_exceptions(self):
        def churn(n):
            for _ in range(n):
                try:
                    Thrower.illegalArgument("churn")
                except ValueError:
                    pass
        churn(100)
        before = self.measure()
        churn(10000)
        self.assert_flat(before, self.measure(), "exceptions")


if __name__ == "__main__":
    unittest.main()
