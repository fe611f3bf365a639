"""What opening an interpreter sets up, and what it leaves for first use: the jep
module is imported before the Java import hook (as in Jep), the hook's
ClassEnquirer stays a Java reference until an import needs it, and a legacy
sub-interpreter's copy of the jep bootstrap code (CPython 3.12: shared with the
main interpreter's names) behaves as its own."""

import unittest

from krait.fixtures import OtherThreads

JEP = "__import__('_jep')"


def in_new_sub(expression):
    """`str` of the value of `expression` in a new sub-interpreter."""
    return OtherThreads.evalOnNewThread(True, f"str({expression})")


class EnquirerOnFirstUseTest(unittest.TestCase):

    def test_opening_converts_no_enquirer(self):
        self.assertEqual(in_new_sub(f"{JEP}._importer()._enquirer is {JEP}._PENDING"), "True")

    def test_jep_is_imported_before_the_hook(self):
        self.assertEqual(in_new_sub("'jep' in __import__('sys').modules"), "True")

    def test_the_enquirer_is_converted_when_first_needed(self):
        expression = (f"(__import__('java.util'), type({JEP}._importer().enquirer).__name__, "
                      f"{JEP}._importer()._enquirer is not {JEP}._PENDING)")
        value = in_new_sub(expression)
        self.assertIn("ClassEnquirer", value)
        self.assertTrue(value.endswith("True)"), value)

    def test_a_converted_enquirer_is_taken_once(self):
        expression = f"({JEP}._importer().enquirer is not None, {JEP}._take_enquirer())"
        self.assertEqual(in_new_sub(expression), "(True, None)")

    def test_java_classes_import_in_a_new_sub_interpreter(self):
        expression = "__import__('java.util', fromlist=['ArrayList']).ArrayList().size()"
        self.assertEqual(in_new_sub(expression), "0")


class BootstrapRestOnFirstUseTest(unittest.TestCase):
    """Opening runs only the start of the jep bootstrap (the import hook); the rest
    (classes of Java classes, exceptions, protocols) runs on first use of its names."""

    def test_opening_runs_only_the_start(self):
        self.assertEqual(in_new_sub(f"('_make_class' in vars({JEP}), "
                                    f"{JEP}._importer() is not None)"), "(False, True)")

    def test_the_globals_start_with_jep(self):
        self.assertEqual(in_new_sub("globals()['jep'] is __import__('sys').modules['jep']"),
                         "True")

    def test_a_rest_name_first_read_through_the_jep_package(self):
        self.assertEqual(in_new_sub("(__import__('jep').JBOOLEAN_ID, "
                                    "__import__('jep').JCLASS_ID, "
                                    "'_make_class' in vars(__import__('jep')))"),
                         "(0, 12, True)")

    def test_a_rest_name_first_read_from_jep_native(self):
        self.assertEqual(in_new_sub(f"callable({JEP}.setJavaToPythonConverter)"), "True")

    def test_dir_of_the_jep_package_lists_the_rest(self):
        value = in_new_sub("(lambda d: ('JBOOLEAN_ID' in d, 'jarray' in d, "
                           "'JepJavaImporter' in d))(dir(__import__('jep')))")
        self.assertEqual(value, "(True, True, True)")

    def test_a_missing_name_is_still_an_attribute_error(self):
        self.assertEqual(in_new_sub("hasattr(__import__('jep'), 'no_such_name')"), "False")

    def test_a_java_class_first_used_in_a_new_sub_interpreter(self):
        self.assertEqual(in_new_sub("__import__('java.lang', fromlist=['Integer'])"
                                    ".Integer.valueOf(41) + 1"), "42")

    def test_a_java_exception_first_raised_in_a_new_sub_interpreter(self):
        source = ("import java.lang\n"
                  "try:\n"
                  "    java.lang.Integer.parseInt('x')\n"
                  "except ValueError as e:\n"
                  "    caught = type(e).__name__\n")
        expression = f"(lambda ns: (exec({source!r}, ns), ns['caught'])[1])({{}})"
        self.assertEqual(in_new_sub(expression), "NumberFormatException")

    def test_the_import_hook_in_a_sub_opened_after_another_closed(self):
        for _ in range(3):
            self.assertEqual(in_new_sub("__import__('java.util', fromlist=['ArrayList'])"
                                        ".ArrayList().isEmpty()"), "True")


class BootstrapCodeTest(unittest.TestCase):

    def test_bootstrap_functions_keep_their_file_and_names(self):
        expression = (f"({JEP}._install_importer.__code__.co_filename, "
                      f"{JEP}._install_importer.__name__, {JEP}.JepJavaImporter.__qualname__)")
        self.assertEqual(in_new_sub(expression),
                         "('<krait jep bootstrap>', '_install_importer', 'JepJavaImporter')")

    def test_sub_interpreters_run_the_bootstrap_each_for_itself(self):
        # A class attribute set in one sub-interpreter is not seen by the next.
        first = in_new_sub(f"(setattr({JEP}.JepJavaImporter, 'krait_mark', 1), "
                           f"{JEP}.JepJavaImporter.krait_mark)[1]")
        second = in_new_sub(f"hasattr({JEP}.JepJavaImporter, 'krait_mark')")
        self.assertEqual((first, second), ("1", "False"))

    def test_number_operators_of_java_numbers(self):
        expression = ("(lambda I: (I(7) + 2, 2 - I(7), I(7) * 3, I(7) / 2, I(7) // 2, I(7) % 4, "
                      "divmod(I(7), 2), -I(7), +I(7), abs(I(-7)), I(7) < 8, I(7) >= 8))"
                      "(__import__('java.lang', fromlist=['Integer']).Integer)")
        self.assertEqual(in_new_sub(expression),
                         "(9, -5, 21, 3.5, 3, 3, (3, 1), -7, 7, 7, True, False)")


class FaulthandlerTest(unittest.TestCase):

    def test_a_sub_interpreters_faulthandler_is_guarded(self):
        expression = ("(lambda f: (f._krait_guarded, 'krait' in f.enable.__doc__, "
                      "f.is_enabled()))(__import__('faulthandler'))")
        self.assertEqual(in_new_sub(expression), "(True, True, False)")

    def test_closing_sub_interpreters_leaves_this_faulthandler_whole(self):
        try:
            import faulthandler
        except ImportError:
            self.skipTest("an isolated sub-interpreter cannot import faulthandler")
        for _ in range(3):
            in_new_sub("__import__('faulthandler').is_enabled()")
        self.assertTrue(faulthandler._krait_guarded)
        self.assertIn("krait", faulthandler.enable.__doc__)
        self.assertFalse(faulthandler.is_enabled())
        self.assertTrue(callable(faulthandler.dump_traceback))


if __name__ == "__main__":
    unittest.main()
