"""Jep's behaviour for the jep API as Jep's own suite checks it: Java exceptions read as
Java's toString() and are RuntimeErrors unless mapped; monitors; __pytype__; Java lists
from + and *; converters; member classes; Java packages' dir() and missing classes."""

import unittest

import jep
import java
import java.lang
from java.lang import Integer, Object, Thread
from java.util import ArrayList, Date, LinkedList, List, Map

from krait.fixtures import Thrower


class ExceptionTextTest(unittest.TestCase):

    def test_str_is_java_to_string(self):
        with self.assertRaises(ValueError) as caught:
            Integer.parseInt("nope")
        self.assertEqual(str(caught.exception),
                         'java.lang.NumberFormatException: For input string: "nope"')

    def test_unmapped_java_exceptions_are_runtime_errors(self):
        with self.assertRaises(RuntimeError) as caught:
            Thrower.unsupported()
        self.assertIn("java.lang.UnsupportedOperationException", str(caught.exception))

    def test_os_error_mapped_exceptions_construct(self):
        with self.assertRaises(OSError) as caught:
            Thrower.io("disk")
        self.assertIn("java.io.IOException: disk", str(caught.exception))
        self.assertIsInstance(java.io.IOException("made"), OSError)

    def test_str_of_the_class_is_jeps_builtin(self):
        self.assertEqual(str(java.lang.ClassNotFoundException), "<class 'ImportError'>")
        self.assertEqual(str(java.lang.NumberFormatException), "<class 'ValueError'>")
        self.assertEqual(str(java.lang.IllegalStateException), "<class 'RuntimeError'>")
        self.assertEqual(repr(java.lang.IllegalStateException),
                         "<class 'java.lang.IllegalStateException'>")


class MonitorTest(unittest.TestCase):

    def test_exiting_an_unheld_monitor_raises_runtime_error(self):
        lock = Object().synchronized()
        with self.assertRaises(RuntimeError):
            lock.__exit__()

    def test_a_with_block_unlocks_on_error(self):
        lock = Object().synchronized()
        with self.assertRaises(KeyError):
            with lock:
                raise KeyError("x")
        with self.assertRaises(RuntimeError):
            lock.__exit__()


class TypesTest(unittest.TestCase):

    def test_pytype_is_the_class(self):
        self.assertIs(List.__pytype__, List)
        self.assertEqual(Date.__pytype__.__module__, "java.util")
        self.assertEqual(Date.__pytype__.__name__, "Date")

    def test_default_repr(self):
        self.assertRegex(repr(Object()), r"^<java\.lang\.Object object at 0x[0-9a-f]+>$")

    def test_member_classes_are_class_attributes(self):
        self.assertEqual(Thread.currentThread().getState(), Thread.State.RUNNABLE)
        self.assertEqual(Map.Entry.java_name, "java.util.Map$Entry")
        # inherited member types too, as in Java
        self.assertIs(java.util.HashMap.Entry, Map.Entry)
        with self.assertRaises(AttributeError):
            Map.NoSuchMember


class ListOperatorsTest(unittest.TestCase):

    def make(self, cls=ArrayList):
        jlist = cls()
        for i in range(3):
            jlist.add(i)
        return jlist

    def test_add_makes_a_java_list_of_the_same_class(self):
        result = self.make(LinkedList) + [7]
        self.assertIsInstance(result, LinkedList)
        self.assertEqual(list(result), [0, 1, 2, 7])

    def test_multiply_makes_a_java_list(self):
        jlist = self.make()
        result = jlist * 2
        self.assertIsInstance(result, List.__pytype__)
        self.assertEqual(len(result), 6)
        self.assertEqual(len(jlist), 3)


class ConverterTest(unittest.TestCase):

    def tearDown(self):
        jep.setJavaToPythonConverter(Date, None)
        jep.setJavaToPythonConverter(java.sql.Time, None)

    def test_none_removes_a_converter(self):
        jep.setJavaToPythonConverter(Date, lambda d: "converted")
        self.assertEqual(ArrayList([Date(0)]).get(0), "converted")
        jep.setJavaToPythonConverter(Date, None)
        self.assertIsInstance(ArrayList([Date(0)]).get(0), Date)

    def test_the_nearest_class_converter_wins(self):
        jep.setJavaToPythonConverter(Date, lambda d: "date")
        self.assertEqual(ArrayList([java.sql.Time(1)]).get(0), "date")
        jep.setJavaToPythonConverter(java.sql.Time, lambda t: "time")
        self.assertEqual(ArrayList([java.sql.Time(1)]).get(0), "time")
        self.assertEqual(ArrayList([Date(0)]).get(0), "date")


class JavaPackageTest(unittest.TestCase):

    def test_dir_lists_sub_packages(self):
        names = dir(java)
        self.assertIn("util", names)
        self.assertIn("lang", names)
        self.assertNotIn("xml", names)

    def test_a_missing_class_raises_javas_import_error(self):
        with self.assertRaises(ImportError) as caught:
            java.lang.NoSuchClassHere
        self.assertIsInstance(caught.exception, java.lang.ClassNotFoundException)

    def test_jep_java_importer_takes_a_class_loader(self):
        importer = jep.JepJavaImporter(Thread.currentThread().getContextClassLoader())
        module = importer.create_module(importer.find_spec("java.lang", None))
        self.assertIs(module.Integer, Integer)
        self.assertRaises(ImportError, module.__getattr__, "asdf")


if __name__ == "__main__":
    unittest.main()


class ClassObjectTest(unittest.TestCase):
    """A java.lang.Class from Java is the Python class it names (as in Jep)."""

    def test_get_class_is_the_python_class(self):
        self.assertIs(ArrayList().getClass(), ArrayList)
        self.assertIs(Thread.currentThread().getClass(), Thread)

    def test_class_methods_through_the_python_class(self):
        self.assertEqual(ArrayList.getName(), "java.util.ArrayList")
        self.assertEqual(ArrayList().getClass().getSimpleName(), "ArrayList")
        self.assertEqual(ArrayList.getSuperclass().getName(), "java.util.AbstractList")
        with self.assertRaises(AttributeError):
            ArrayList.noSuchMember
        with self.assertRaises(AttributeError):
            ArrayList._private

    def test_primitive_and_array_classes_stay_class_objects(self):
        int_class = Integer.TYPE
        self.assertEqual(int_class.getName(), "int")
        self.assertTrue(int_class.isPrimitive())
        self.assertTrue(java.lang.Class.forName("[I").isArray())


class SharedModulesHookTest(unittest.TestCase):

    def test_jep_shared_modules_hook_is_reachable(self):
        self.assertTrue(isinstance(jep.shared_modules_hook.JepSharedModuleImporter, type))


class ListRepeatTest(unittest.TestCase):

    def test_huge_repeat_raises_and_keeps_the_list(self):
        al = ArrayList()
        al.add(1)
        for n in (2**70, 2**62):
            with self.assertRaises((OverflowError, MemoryError)):
                al * n
            with self.assertRaises((OverflowError, MemoryError)):
                al *= n
        self.assertEqual(list(al), [1])
        al *= 3
        self.assertEqual(list(al), [1, 1, 1])
        al *= 0
        self.assertEqual(len(al), 0)
