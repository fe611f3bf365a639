"""Runs krait's Python test suite inside the JVM.

Run it with ``jep.Run`` (the test classes must be on the class path)::

    CLASSPATH=java/target/test-classes ./krait tests/python/run_suite.py [-v] [test names...]

or import it in an interpreter and call :func:`run`. Every ``test_*.py`` file next to
this one is discovered, unless test names (``test_arrays``,
``test_arrays.BufferTest.test_bytes``) are given. The last line printed is
``N passed, M failed`` (plus ``, K skipped`` when tests were skipped); the exit status
is 0 only when nothing failed.
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def run(names=(), verbosity=1, stream=None):
    """Runs the suite (or the named tests) and returns a dict with the counts.

    The dict has the keys ``passed``, ``failed`` (failures, errors and unexpected
    successes) and ``skipped``; the summary line is also printed to standard output.
    """
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    loader = unittest.TestLoader()
    if names:
        suite = loader.loadTestsFromNames(list(names))
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    runner = unittest.TextTestRunner(stream=stream or sys.stderr, verbosity=verbosity)
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = max(result.testsRun - failed - skipped, 0)
    summary = "%d passed, %d failed" % (passed, failed)
    if skipped:
        summary += ", %d skipped" % skipped
    sys.stderr.flush()
    print(summary)
    sys.stdout.flush()
    return {"passed": passed, "failed": failed, "skipped": skipped}


def main(argv):
    """Parses ``[-v] [test names...]``, runs the suite and returns the exit status."""
    verbosity = 1
    names = []
    for arg in argv:
        if arg in ("-v", "--verbose"):
            verbosity = 2
        else:
            names.append(arg)
    counts = run(names, verbosity)
    return 0 if counts["failed"] == 0 and counts["passed"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
