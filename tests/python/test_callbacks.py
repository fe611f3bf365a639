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
