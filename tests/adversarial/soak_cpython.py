"""Soak baseline: resident memory per bare CPython sub-interpreter create/destroy
cycle (`_xxsubinterpreters`). Usage: python soak_cpython.py legacy|isolated CYCLES.
Prints "CPYTHON_SOAK <mode> <bytes per cycle>" for each of three blocks."""
import sys

import _xxsubinterpreters as interpreters


def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def cycles(isolated, n):
    for _ in range(n):
        interp = interpreters.create(isolated=isolated)
        interpreters.run_string(interp, "x = 1")
        interpreters.destroy(interp)


def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    isolated = mode == "isolated"
    cycles(isolated, n // 5)
    for _ in range(3):
        before = rss()
        cycles(isolated, n)
        after = rss()
        print(f"CPYTHON_SOAK {mode} {(after - before) // n}", flush=True)


main()
