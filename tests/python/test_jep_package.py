"""`jep` is a package over the native `_jep` module, as in Jep, with `jep.jdbc`
(DB-API 2.0 over JDBC) served from sources embedded in libkrait."""

import importlib
import sys
import unittest

import _jep
import jep


class PackageTest(unittest.TestCase):

    def test_jep_is_a_package_re_exporting_jep_native(self):
        self.assertTrue(hasattr(jep, "__path__"))
        self.assertIs(jep.findClass, _jep.findClass)
        self.assertIs(jep.jarray, _jep.jarray)
        self.assertIs(jep.JepJavaImporter, _jep.JepJavaImporter)
        self.assertEqual(jep.JINT_ID, _jep.JINT_ID)

    def test_submodules_come_from_libkrait(self):
        from jep import jdbc
        self.assertIs(sys.modules["jep.jdbc"], jdbc)
        self.assertEqual(jdbc.__spec__.origin, "<krait jep.jdbc>")
        self.assertEqual((jdbc.apilevel, jdbc.paramstyle), ("2.0", "qmark"))

    def test_missing_submodules_are_module_not_found(self):
        with self.assertRaises(ModuleNotFoundError):
            importlib.import_module("jep.no_such_module")


class JdbcTypesTest(unittest.TestCase):
    """What needs no database driver: constructors, type objects, errors."""

    def test_constructors_make_java_sql_values(self):
        from jep import jdbc
        self.assertEqual(jdbc.Date(2012, 6, 1).toString(), "2012-06-01")
        self.assertEqual(jdbc.Time(1, 2, 3).toString(), "01:02:03")
        self.assertEqual(jdbc.Timestamp(2012, 6, 1, 1, 2, 3).toString(), "2012-06-01 01:02:03.0")
        self.assertEqual(jdbc.Binary(bytearray(b"ab")), b"ab")

    def test_type_objects_compare_equal_to_their_codes(self):
        from jep import jdbc
        from java.sql import Types
        self.assertEqual(jdbc.STRING, Types.VARCHAR)
        self.assertEqual(jdbc.NUMBER, Types.INTEGER)
        self.assertNotEqual(jdbc.NUMBER, Types.VARCHAR)
        self.assertEqual(jdbc.DATETIME, Types.TIMESTAMP)

    def test_a_missing_driver_is_a_database_error(self):
        from jep import jdbc
        with self.assertRaises(jdbc.DatabaseError):
            jdbc.connect("jdbc:krait-no-such-driver:x")
        self.assertTrue(issubclass(jdbc.IntegrityError, jdbc.Error))


if __name__ == "__main__":
    unittest.main()
