"""krait's adversarial suite: every case in its own JVM, classified as
CRASH (killed by a signal, a JVM hs_err report or "Fatal Python error"),
HANG (timed out), FAIL (non-zero exit) or PASS; then the soak figures.

Usage: python3 run.py --jar krait.jar --python /path/python3.11 [--python ...]
       [--only NAME] [--no-soak]

A case is one file in cases/:
- NAME.py runs as a script in `jep.Run` (a SharedInterpreter; Java classes
  import as usual); it passes when it exits with status 0.
- NAME.java is a single-file Java program run with the source launcher
  (`java -cp krait.jar NAME.java`); it passes when it exits with status 0.
A first-lines comment `adversarial: timeout=60 min-python=3.12 jvm=-Xss512k`
(after `#` or `//`) changes the defaults (timeout 60 s, every Python, no JVM
options). Exit status: 0 when everything passed.
"""

import argparse
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TIMEOUT = 60
CRASH_MARKERS = (
    "Fatal Python error",
    "A fatal error has been detected by the Java Runtime Environment",
)
# Soak: cycles per measured block, the allowance over bare CPython (5 KB per
# cycle) and a margin for noise (blocks of one run differ by up to ~10 KB).
SOAK_CYCLES = int(os.environ.get("KRAIT_SOAK_CYCLES", "200"))
SOAK_ALLOWANCE = 5 * 1024
SOAK_MARGIN = 10 * 1024
SOAK_JVM = ["-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch"]


def python_version(python):
    out = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True, text=True, check=True)
    return out.stdout.strip()


def options_of(path):
    """The `adversarial:` options in the first lines of a case."""
    options = {}
    with open(path, encoding="utf-8") as source:
        for _, line in zip(range(5), source):
            found = re.search(r"adversarial:(.*)", line)
            if found:
                for item in found.group(1).split():
                    key, _, value = item.partition("=")
                    options[key] = value
    return options


def command(path, jar, python, options):
    jvm = shlex.split(options.get("jvm", "").replace(",", " "))
    base = ["java", f"-Dkrait.python={python}", *jvm, "-cp", jar]
    if path.endswith(".py"):
        return base + ["jep.Run", path]
    return base + [path]


def classify(code, output, hs_err):
    if code is None:
        return "HANG"
    if code < 0 or code in (134, 139) or hs_err or any(m in output for m in CRASH_MARKERS):
        return "CRASH"
    return "PASS" if code == 0 else "FAIL"


def run_case(path, jar, python, timeout):
    options = options_of(path)
    timeout = int(options.get("timeout", timeout))
    with tempfile.TemporaryDirectory(prefix="krait-adv-") as cwd:
        start = time.monotonic()
        try:
            done = subprocess.run(
                command(path, jar, python, options), cwd=cwd, capture_output=True,
                text=True, errors="replace", timeout=timeout)
            code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            code = None
            output = (expired.stdout or b"").decode(errors="replace") + \
                (expired.stderr or b"").decode(errors="replace")
        hs_err = glob.glob(os.path.join(cwd, "hs_err_pid*.log"))
        return classify(code, output, hs_err), time.monotonic() - start, output


def wanted(path, version):
    minimum = options_of(path).get("min-python")
    if not minimum:
        return True
    return tuple(map(int, version.split("."))) >= tuple(map(int, minimum.split(".")))


def soak(jar, python, version):
    """RSS per SubInterpreter cycle: krait vs bare CPython, in the same run."""
    rows = []
    modes = ["legacy"] + (["isolated"] if version >= "3.12" else [])
    for mode in modes:
        krait = subprocess.run(
            ["java", f"-Dkrait.python={python}", *SOAK_JVM, "-cp", jar,
             os.path.join(HERE, "soak_krait.java"), mode, str(SOAK_CYCLES)],
            capture_output=True, text=True, timeout=600)
        bare = subprocess.run(
            [python, os.path.join(HERE, "soak_cpython.py"), mode, str(SOAK_CYCLES)],
            capture_output=True, text=True, timeout=600)
        figures = []
        for done, tag in ((krait, "KRAIT_SOAK"), (bare, "CPYTHON_SOAK")):
            values = [int(line.split()[2]) for line in done.stdout.splitlines()
                      if line.startswith(tag)]
            if done.returncode != 0 or not values:
                sys.stdout.write(done.stdout + done.stderr)
                figures.append(None)
            else:
                # The median block: one block can catch a heap resize or a trim.
                figures.append(sorted(values)[len(values) // 2])
        rows.append((f"{version} {mode}", *figures))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", required=True)
    parser.add_argument("--python", action="append", required=True)
    parser.add_argument("--only")
    parser.add_argument("--no-soak", action="store_true")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT)
    args = parser.parse_args()
    cases = sorted(glob.glob(os.path.join(HERE, "cases", "*.py")) +
                   glob.glob(os.path.join(HERE, "cases", "*.java")))
    if args.only:
        cases = [c for c in cases if args.only in os.path.basename(c)]
    results, soak_rows = [], []
    for python in args.python:
        version = python_version(python)
        for path in cases:
            if not wanted(path, version):
                continue
            name = os.path.basename(path)
            verdict, seconds, output = run_case(path, os.path.abspath(args.jar), python,
                                                args.timeout)
            results.append((version, name, verdict, seconds))
            print(f"{verdict:5} {version} {name} ({seconds:.1f} s)", flush=True)
            if verdict != "PASS":
                print("    " + "\n    ".join(output.strip().splitlines()[-25:]), flush=True)
        if not args.no_soak and not args.only:
            soak_rows += soak(os.path.abspath(args.jar), python, version)
    print("\n%-6s %-6s %s" % ("result", "python", "case"))
    for version, name, verdict, seconds in results:
        print("%-6s %-6s %s" % (verdict, version, name))
    failed = [r for r in results if r[2] != "PASS"]
    if soak_rows:
        print("\nRSS per SubInterpreter open/close cycle (bytes; x1000 = per 1000 cycles)")
        print("%-14s %10s %10s %10s" % ("python", "krait", "CPython", "limit"))
        for label, krait, bare in soak_rows:
            limit = None if bare is None else bare + SOAK_ALLOWANCE + SOAK_MARGIN
            verdict = "PASS" if None not in (krait, bare) and krait <= limit else "FAIL"
            print("%-14s %10s %10s %10s %s" % (label, krait, bare, limit, verdict))
            if verdict != "PASS":
                failed.append(("soak", label, verdict, 0))
    print(f"\n{len(results) - len([f for f in failed if f[0] != 'soak'])}/{len(results)} cases passed"
          + (f"; {len(failed)} problem(s)" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
