"""Java methods annotated @PyMethod take Python's *args and **kwargs."""
import unittest

from krait.fixtures import KwargsMethods


class PyMethodTest(unittest.TestCase):

    def test_varargs_and_kwargs(self):
        self.assertEqual(KwargsMethods.describe("a", 1, 2.5, key="v", n=3), "a [1, 2.5] {key=v, n=3}")

    def test_without_extras(self):
        # No keyword arguments: the Map parameter gets null (Jep's behaviour).
        self.assertEqual(KwargsMethods.describe("a"), "a [] null")

    def test_kwargs_on_an_instance_method(self):
        self.assertEqual(KwargsMethods().options(b=2, a="x"), "{a=x, b=2}")

    def test_unannotated_methods_refuse_kwargs(self):
        with self.assertRaises(TypeError) as caught:
            KwargsMethods.plain(value="x")
        self.assertIn("keyword", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
