"""Helpers shared by the test modules of krait's Python suite."""

import importlib.util
import unittest

HAS_NUMPY = importlib.util.find_spec("numpy") is not None

needs_numpy = unittest.skipUnless(HAS_NUMPY, "numpy is not installed")


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
