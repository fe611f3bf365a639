"""The Java import hook (issue item 4): Java packages import as modules, classes as
their attributes, and Python modules always win over Java packages of the same name."""

import importlib
import types
import unittest


class JavaImportTest(unittest.TestCase):

    def test_import_a_package(self):
        import java.util
        self.assertIsInstance(java.util, types.ModuleType)
        self.assertEqual(java.util.ArrayList().size(), 0)

    def test_from_import_classes(self):
        from java.util import ArrayList, HashMap
        self.assertEqual(ArrayList().size(), 0)
        self.assertEqual(HashMap().size(), 0)
        from java.util.concurrent.atomic import AtomicLong
        self.assertEqual(AtomicLong(3).get(), 3)

    def test_import_a_sub_package(self):
        import java.util.concurrent
        self.assertEqual(java.util.concurrent.ConcurrentHashMap().size(), 0)

    def test_importing_a_class_as_a_module_fails(self):
        with self.assertRaises(ImportError):
            exec("import java.lang.System")
        with self.assertRaises(ImportError):
            importlib.import_module("java.util.ArrayList")

    def test_importing_a_missing_class_fails(self):
        with self.assertRaises(ImportError):
            exec("from java.util import NoSuchClassAnywhere")

    def test_a_class_is_the_same_object_however_imported(self):
        import java.util
        from java.util import ArrayList
        self.assertIs(java.util.ArrayList, ArrayList)
        self.assertIs(importlib.import_module("java.util").ArrayList, ArrayList)

    def test_dir_of_a_package_lists_its_classes(self):
        import java.util
        names = dir(java.util)
        self.assertIn("ArrayList", names)
        self.assertIn("HashMap", names)

    def test_class_path_packages(self):
        import krait.fixtures
        from krait.fixtures import Dog
        self.assertEqual(Dog("rex", 3).getName(), "rex")
        self.assertIs(krait.fixtures.Dog, Dog)


class PythonFirstTest(unittest.TestCase):
    """The test classes contain top-level Java packages named io and json."""

    def test_io_is_python_io(self):
        import io
        self.assertEqual(io.StringIO("text").read(), "text")
        self.assertFalse(hasattr(io, "IoShadow"))

    def test_json_is_python_json(self):
        import json
        self.assertEqual(json.dumps([1, "a"]), '[1, "a"]')
        self.assertEqual(json.loads("{\"k\": 2}"), {"k": 2})
        self.assertFalse(hasattr(json, "JsonShadow"))

    def test_re_is_python_re(self):
        import re
        self.assertEqual(re.sub("a", "b", "aa"), "bb")

    def test_stdlib_imports_still_work(self):
        for name in ("collections", "email.message", "xml.dom", "logging.handlers", "http.client"):
            self.assertEqual(importlib.import_module(name).__name__, name)


if __name__ == "__main__":
    unittest.main()
