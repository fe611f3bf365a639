"""Java exceptions thrown into Python (issue item 5): their Python types mirror the Java
classes and also derive from the Python built-in they map to, and they carry the Java
throwable."""

import unittest

import java.io
import java.lang
from krait.fixtures import DeepFixtureException, FixtureException, Point, Thrower, Values
from krait_support import java_throwable


class MappingTest(unittest.TestCase):
    """Each Java exception is catchable as its Java class and as the mapped built-in."""

    def check(self, call, builtin, *java_types):
        with self.assertRaises(builtin) as caught:
            call()
        for t in java_types:
            self.assertIsInstance(caught.exception, t)
        return caught.exception

    def test_index_out_of_bounds_is_index_error(self):
        self.check(Thrower.indexOutOfBounds, IndexError, java.lang.IndexOutOfBoundsException)
        self.check(lambda: Thrower.arrayIndex(5), IndexError,
                   java.lang.ArrayIndexOutOfBoundsException, java.lang.IndexOutOfBoundsException)

    def test_illegal_argument_is_value_error(self):
        self.check(lambda: Thrower.illegalArgument("bad"), ValueError,
                   java.lang.IllegalArgumentException)
        self.check(lambda: Thrower.numberFormat("x"), ValueError,
                   java.lang.NumberFormatException, java.lang.IllegalArgumentException)

    def test_class_cast_is_type_error(self):
        self.check(lambda: Thrower.classCast(Point()), TypeError, java.lang.ClassCastException)

    def test_arithmetic_is_arithmetic_error(self):
        self.check(lambda: Thrower.arithmetic(0), ArithmeticError, java.lang.ArithmeticException)

    def test_io_exception_is_os_error(self):
        self.check(lambda: Thrower.io("disk"), OSError, java.io.IOException)

    def test_class_not_found_is_import_error(self):
        self.check(Thrower.classNotFound, ImportError, java.lang.ClassNotFoundException)

    def test_others_are_exception(self):
        e = self.check(Thrower.unsupported, Exception, java.lang.UnsupportedOperationException,
                       java.lang.RuntimeException, java.lang.Exception, java.lang.Throwable)
        self.assertNotIsInstance(e, (ValueError, TypeError, IndexError, OSError, ImportError))

    def test_custom_exceptions_follow_their_java_hierarchy(self):
        self.check(lambda: Thrower.fixture("boom"), Exception, FixtureException,
                   java.lang.IllegalStateException, java.lang.RuntimeException)
        self.check(lambda: Thrower.deepFixture("deep"), FixtureException, DeepFixtureException,
                   java.lang.IllegalStateException)

    def test_exceptions_from_constructors(self):
        self.check(lambda: Point("a,b"), ValueError, java.lang.NumberFormatException)

    def test_exceptions_from_protocol_operations(self):
        def assign():
            Values.unmodifiableList()[0] = 5
        self.check(assign, Exception, java.lang.UnsupportedOperationException)


class ExceptClauseTest(unittest.TestCase):

    def test_except_java_class(self):
        try:
            Thrower.illegalArgument("x")
        except java.lang.IllegalArgumentException as e:
            caught = e
        self.assertIn("x", str(caught))

    def test_except_java_superclass(self):
        try:
            Thrower.deepFixture("deep")
        except java.lang.RuntimeException as e:
            caught = e
        self.assertIsInstance(caught, DeepFixtureException)

    def test_except_builtin(self):
        try:
            Thrower.io("disk")
        except OSError as e:
            caught = e
        self.assertIsInstance(caught, java.io.IOException)

    def test_the_interpreter_goes_on_after_a_java_exception(self):
        for _ in range(3):
            with self.assertRaises(ValueError):
                Thrower.illegalArgument("again")
        self.assertEqual(Values.intValue(), 123456)


class ExceptionTypeTest(unittest.TestCase):

    def test_exception_types_mirror_java_and_builtins(self):
        self.assertTrue(issubclass(java.lang.IllegalArgumentException, ValueError))
        self.assertTrue(issubclass(java.lang.NumberFormatException, java.lang.IllegalArgumentException))
        self.assertTrue(issubclass(java.lang.IndexOutOfBoundsException, IndexError))
        self.assertTrue(issubclass(java.lang.ClassCastException, TypeError))
        self.assertTrue(issubclass(java.lang.ArithmeticException, ArithmeticError))
        self.assertTrue(issubclass(java.io.IOException, OSError))
        self.assertTrue(issubclass(java.lang.ClassNotFoundException, ImportError))
        self.assertTrue(issubclass(java.lang.RuntimeException, Exception))
        self.assertTrue(issubclass(java.lang.Throwable, BaseException))
        self.assertTrue(issubclass(FixtureException, java.lang.IllegalStateException))
        self.assertTrue(issubclass(DeepFixtureException, FixtureException))


class ThrowableTest(unittest.TestCase):

    def caught(self, call):
        try:
            call()
        except Exception as e:
            return e
        self.fail("nothing was raised")

    def test_the_java_throwable_is_carried(self):
        t = java_throwable(self.caught(lambda: Thrower.illegalArgument("bad")))
        self.assertIsInstance(t, java.lang.Throwable)
        self.assertEqual(t.getMessage(), "bad")
        self.assertEqual(t.getClass().getName(), "java.lang.IllegalArgumentException")

    def test_the_message_is_in_str(self):
        self.assertIn("bad", str(self.caught(lambda: Thrower.illegalArgument("bad"))))

    def test_the_java_stack_trace_is_kept(self):
        t = java_throwable(self.caught(lambda: Thrower.fixture("boom")))
        frames = t.getStackTrace()
        self.assertGreater(len(frames), 0)
        self.assertEqual(frames[0].getClassName(), "krait.fixtures.Thrower")
        self.assertEqual(frames[0].getMethodName(), "fixture")

    def test_the_cause_is_kept(self):
        t = java_throwable(self.caught(lambda: Thrower.fixtureWithCause("top")))
        self.assertEqual(t.getMessage(), "top")
        self.assertIsInstance(t.getCause(), java.io.IOException)
        self.assertEqual(t.getCause().getMessage(), "root cause")

    def test_a_caught_throwable_can_be_thrown_again(self):
        t = java_throwable(self.caught(lambda: Thrower.illegalArgument("again")))
        with self.assertRaises(ValueError) as second:
            Thrower.rethrow(t)
        self.assertEqual(java_throwable(second.exception).getMessage(), "again")


if __name__ == "__main__":
    unittest.main()
