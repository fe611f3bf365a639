"""Soak baseline: resident memory per bare CPython sub-interpreter create/destroy
cycle (`_xxsubinterpreters`, `_interpreters` from CPython 3.13). Usage: python soak_cpython.py legacy|isolated CYCLES.
Prints "CPYTHON_SOAK <mode> <bytes per cycle>" for each of three blocks."""
import sys

try:
    import _interpreters as interpreters  # CPython 3.13+

    def create(isolated):
        return interpreters.create("isolated" if isolated else "legacy")
except ImportError:
    import _xxsubinterpreters as interpreters  # CPython 3.12 and older

    def create(isolated):
        return interpreters.create(isolated=isolated)


def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def cycles(isolated, n):
    for _ in range(n):
        interp = create(isolated)
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
