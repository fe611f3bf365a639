"""jep.Run runs scripts on a thread with a stack like CPython's main thread, so
a raised recursion limit ends in RecursionError (recursion through C: map),
as in CPython, instead of overflowing the JVM's 1 MiB main-thread stack."""
import sys

sys.setrecursionlimit(12000)


def f(n):
    return list(map(f, [n + 1]))


try:
    f(0)
except RecursionError:
    print("RecursionError, as in CPython")
else:
    raise AssertionError("no RecursionError")
