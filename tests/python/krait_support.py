"""Helpers shared by the test modules of krait's Python suite."""

import importlib.util
import unittest


def _in_main_interpreter():
    """Whether this is the main interpreter (numpy loads in only one per process)."""
    try:
        import _xxsubinterpreters as interpreters  # CPython 3.8-3.12
    except ImportError:
        try:
            import _interpreters as interpreters  # CPython 3.13+
        except ImportError:
            return True
    return interpreters.get_current() == interpreters.get_main()


# numpy is tested in the main interpreter only: a sub-interpreter cannot import it
# once the main one did (and must not import it first).
HAS_NUMPY = importlib.util.find_spec("numpy") is not None and _in_main_interpreter()

needs_numpy = unittest.skipUnless(HAS_NUMPY, "numpy is not installed (or not in the main interpreter)")


def java_throwable(exc):
    """Returns the Java throwable carried by a Python exception raised for it.

    The exception is either itself the wrapper of the throwable or carries it as its
    first argument (as Jep does); either way the result answers ``getMessage()``.
    """
    if hasattr(exc, "getMessage"):
        return exc
    if exc.args and hasattr(exc.args[0], "getMessage"):
        return exc.args[0]
    raise AssertionError("%r carries no Java throwable" % (exc,))
