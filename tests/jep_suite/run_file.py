"""Runs one test file of Jep's own suite inside the JVM (through ``jep.Run``).

Usage, from the root of Jep's unpacked source package::

    java -cp krait.jar:tests.jar:lib/* jep.Run .../run_file.py test_types.py

It discovers the file's tests the way Jep's ``runtests.py`` does (top level
``src/test/python``), runs them, and ends with one line that the driver
(``tests/jep_suite/driver.py``) reads:
``KRAIT-JEP-SUITE passed=P failed=F skipped=S``.
"""

import sys
import unittest

TEST_DIR = "src/test/python"


class CountingResult(unittest.TextTestResult):
    """Counts the tests that passed (``testsRun`` leaves out tests skipped by a
    skipped class since CPython 3.12, so it cannot give that count)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main(argv):
    """Runs the tests of the file named by ``argv[0]``; returns the exit status."""
    pattern = argv[0]
    suite = unittest.TestLoader().discover(TEST_DIR, pattern=pattern)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=CountingResult)
    result = runner.run(suite)
    # A test that fails and then errors in tearDown is reported twice: count it once.
    failing = {test.id() for test, _ in result.failures + result.errors}
    failed = len(failing) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.passed
    sys.stderr.flush()
    print("KRAIT-JEP-SUITE passed=%d failed=%d skipped=%d" % (passed, failed, skipped))
    sys.stdout.flush()
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
