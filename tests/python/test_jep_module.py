"""The jep module inside every interpreter (issue item 7): findClass, forName, jarray,
setJavaToPythonConverter, the type-code constants and JEP_NUMPY_ENABLED."""

import importlib.util
import unittest

import jep
import java.lang
import java.util
from java.util import ArrayList

from krait.fixtures import Converted, Dog, Point, Values

TYPE_CODES = ("JBOOLEAN_ID", "JINT_ID", "JLONG_ID", "JOBJECT_ID", "JSTRING_ID", "JVOID_ID",
              "JDOUBLE_ID", "JSHORT_ID", "JFLOAT_ID", "JCHAR_ID", "JBYTE_ID")


class FindClassTest(unittest.TestCase):

    def test_find_class(self):
        cls = jep.findClass("java.util.ArrayList")
        self.assertIs(cls, ArrayList)
        self.assertIsInstance(cls(), java.util.List)
        self.assertEqual(jep.findClass("krait.fixtures.Dog")("rex", 2).getName(), "rex")

    def test_for_name(self):
        self.assertEqual(jep.forName("java.util.HashMap")().size(), 0)
        self.assertEqual(jep.forName("krait.fixtures.Point")(1, 2), Point(1, 2))

    def test_missing_classes_raise_import_error(self):
        with self.assertRaises(ImportError):
            jep.findClass("krait.fixtures.NoSuchClass")
        with self.assertRaises(ImportError):
            jep.forName("no.such.Clazz")


class JarrayTest(unittest.TestCase):

    def test_primitive_arrays_by_type_code(self):
        cases = (
            ("JBOOLEAN_ID", "[Z", False), ("JBYTE_ID", "[B", 0), ("JCHAR_ID", "[C", "\x00"),
            ("JSHORT_ID", "[S", 0), ("JINT_ID", "[I", 0), ("JLONG_ID", "[J", 0),
            ("JFLOAT_ID", "[F", 0.0), ("JDOUBLE_ID", "[D", 0.0),
        )
        for code, java_class, zero in cases:
            a = jep.jarray(3, getattr(jep, code))
            self.assertEqual(Values.className(a), java_class, code)
            self.assertEqual(len(a), 3)
            self.assertEqual(list(a), [zero] * 3, code)

    def test_fill_values(self):
        self.assertEqual(list(jep.jarray(2, jep.JINT_ID, 7)), [7, 7])
        self.assertEqual(list(jep.jarray(2, jep.JLONG_ID, 2 ** 40)), [2 ** 40, 2 ** 40])
        self.assertEqual(list(jep.jarray(2, jep.JDOUBLE_ID, 1.5)), [1.5, 1.5])
        self.assertEqual(list(jep.jarray(2, jep.JFLOAT_ID, 0.5)), [0.5, 0.5])
        self.assertEqual(list(jep.jarray(2, jep.JSHORT_ID, -3)), [-3, -3])
        self.assertEqual(list(jep.jarray(2, jep.JBOOLEAN_ID, True)), [True, True])
        self.assertEqual(list(jep.jarray(2, jep.JCHAR_ID, "x")), ["x", "x"])
        self.assertEqual(bytes(jep.jarray(3, jep.JBYTE_ID, 1)), b"\x01\x01\x01")

    def test_arrays_are_usable_from_java(self):
        a = jep.jarray(3, jep.JINT_ID)
        a[1] = 5
        self.assertEqual(Values.sumInts(a), 5)
        self.assertEqual(Values.sumDoubles(jep.jarray(2, jep.JDOUBLE_ID, 1.5)), 3.0)

    def test_string_and_object_arrays(self):
        s = jep.jarray(3, jep.JSTRING_ID)
        self.assertEqual(Values.className(s), "[Ljava.lang.String;")
        self.assertEqual(list(s), [None, None, None])
        self.assertEqual(Values.joinStrings(jep.jarray(2, jep.JSTRING_ID, "s")), "s,s")
        self.assertEqual(Values.className(jep.jarray(1, jep.JOBJECT_ID)), "[Ljava.lang.Object;")

    def test_arrays_of_a_class(self):
        s = jep.jarray(2, java.lang.String)
        self.assertEqual(Values.className(s), "[Ljava.lang.String;")
        points = jep.jarray(2, Point)
        self.assertEqual(Values.className(points), "[Lkrait.fixtures.Point;")
        points[0] = Point(1, 2)
        self.assertEqual(points[0], Point(1, 2))
        self.assertIsNone(points[1])
        with self.assertRaises(TypeError):
            points[1] = "not a point"
        dogs = jep.jarray(1, Dog, Dog("rex", 1))
        self.assertEqual(dogs[0].getName(), "rex")

    def test_bad_type_codes_are_refused(self):
        with self.assertRaises((TypeError, ValueError)):
            jep.jarray(2, 12345)


class ConstantsTest(unittest.TestCase):

    def test_type_codes_are_distinct_ints(self):
        values = [getattr(jep, name) for name in TYPE_CODES]
        for name, value in zip(TYPE_CODES, values):
            self.assertIsInstance(value, int, name)
        self.assertEqual(len(set(values)), len(values))

    def test_numpy_flag(self):
        self.assertIn(jep.JEP_NUMPY_ENABLED, (0, 1))
        self.assertEqual(jep.JEP_NUMPY_ENABLED, int(importlib.util.find_spec("numpy") is not None))

    def test_module_functions(self):
        for name in ("findClass", "forName", "jarray", "setJavaToPythonConverter"):
            self.assertTrue(callable(getattr(jep, name)), name)


class ConverterTest(unittest.TestCase):

    def test_set_java_to_python_converter(self):
        jep.setJavaToPythonConverter(Converted, lambda c: ("converted", c.value))
        self.assertEqual(Converted.make(5), ("converted", 5))
        self.assertEqual(Converted.make(6), ("converted", 6))
        self.assertIsInstance(Values.newObject(), java.lang.Object)


if __name__ == "__main__":
    unittest.main()
