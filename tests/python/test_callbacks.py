"""Python callables passed to Java as functional interfaces, and exceptions crossing
Python → Java → Python → Java (issues items 1 and 5)."""

import unittest

from krait.fixtures import Callbacks, Thrower


class CallbackTest(unittest.TestCase):

    def test_function(self):
        self.assertEqual(Callbacks.apply(lambda x: x * 2, 21), 42)
        self.assertEqual(list(Callbacks.mapAll(lambda x: x + 1, [1, 2, 3])), [2, 3, 4])

    def test_runnable(self):
        calls = []
        self.assertEqual(Callbacks.runTwice(lambda: calls.append(len(calls))), 2)
        self.assertEqual(calls, [0, 1])

    def test_functional_interface_of_our_own(self):
        self.assertEqual(Callbacks.transform(lambda s: s[::-1], "abc"), "cba")
        self.assertEqual(Callbacks.transform(str.upper, "abc"), "ABC")

    def test_a_python_exception_in_a_callback_comes_back_to_python(self):
        def fail(x):
            raise ValueError("boom in callback")
        with self.assertRaises(Exception) as caught:
            Callbacks.apply(fail, 1)
        self.assertIn("boom in callback", str(caught.exception))


class ProxyTest(unittest.TestCase):
    """Guarantees of the Java proxies that stand for Python callables."""

    def test_a_proxy_comes_back_as_the_same_python_object(self):
        def double(x):
            return x * 2
        self.assertIs(Callbacks.same(double), double)

    def test_a_proxy_called_from_another_thread_fails_cleanly(self):
        outcome = Callbacks.runOnAnotherThread(lambda: None)
        # A JepException subclass naming the fault: the wrong thread.
        self.assertTrue(outcome.startswith("krait.WrongThreadException: "), outcome)
        self.assertIn("Invalid thread access", outcome)

    def test_collected_proxies_release_the_python_object(self):
        import gc
        import sys
        import time
        from java.lang import System

        def f(x):
            return x
        before = sys.getrefcount(f)
        for i in range(200):
            self.assertEqual(Callbacks.apply(f, i), i)
        deadline = time.monotonic() + 10
        while sys.getrefcount(f) > before and time.monotonic() < deadline:
            System.gc()
            time.sleep(0.05)
            Callbacks.apply(lambda x: x, 0)  # entering Python from Java releases what Java let go
            gc.collect()
        self.assertEqual(sys.getrefcount(f), before)


class ExceptionChainTest(unittest.TestCase):
    """Thrower.describeFailure runs a Python callable from Java and reports what Java got."""

    def test_nothing_thrown(self):
        self.assertEqual(Thrower.describeFailure(lambda: None), "none")

    def test_java_exception_through_python_has_the_original_cause(self):
        self.assertEqual(Thrower.describeFailure(lambda: Thrower.illegalArgument("inner")),
                         "jep.JepException|java.lang.IllegalArgumentException|inner|true")

    def test_python_exception_reaches_java_as_jep_exception(self):
        self.assertEqual(Thrower.describeFailure(lambda: [][1]), "jep.JepException|null|null|true")


if __name__ == "__main__":
    unittest.main()
