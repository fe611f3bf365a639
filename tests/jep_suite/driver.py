"""Runs Jep 4.3.2's own test suite against krait, one JVM per test file.

Called by ``scripts/jep-suite.sh`` (which downloads and compiles the suite);
run with any CPython 3::

    python driver.py --python PY --classpath CP --source DIR --logs DIR [test_x.py ...]

Each ``src/test/python/test_*.py`` of the unpacked source runs in its own JVM
through ``jep.Run`` and ``run_file.py``, working directory the source root (as
Jep's ``runtests.py`` runs), so a crash or a hang is that file's result, not the
end of the run. Prints a table (one row per file: passed / failed / skipped and
OK, FAIL, CRASH with the ``hs_err`` "Problematic frame", or HANG) and ends with
``N passed, N failed, N skipped``; the exit status is 0 only when every file is OK.
"""

import argparse
import glob
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RESULT_LINE = re.compile(r"^KRAIT-JEP-SUITE passed=(\d+) failed=(\d+) skipped=(\d+)$", re.M)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="the CPython krait runs (KRAIT_PYTHON)")
    parser.add_argument("--classpath", required=True, help="krait's jar, the compiled tests, lib/*.jar")
    parser.add_argument("--source", required=True, help="root of Jep's unpacked source package")
    parser.add_argument("--logs", required=True, help="folder for one log per test file")
    parser.add_argument("--timeout", type=int, default=150, help="seconds per file before HANG")
    parser.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"))
    parser.add_argument("files", nargs="*", help="test files to run (default: all)")
    return parser.parse_args(argv)


def problematic_frame(hs_err):
    """The 'Problematic frame' line of a JVM crash report, or a placeholder."""
    try:
        with open(hs_err, errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return "no hs_err file"
    for i, line in enumerate(lines):
        if line.startswith("# Problematic frame:") and i + 1 < len(lines):
            return lines[i + 1].lstrip("# ").strip()
    for line in lines:
        if "Fatal Python error" in line or "fatal error" in line.lower():
            return line.strip()
    return "no problematic frame in " + hs_err


def run_file(args, name):
    """Runs one test file in its own JVM; returns (status, passed, failed, skipped, detail)."""
    log_path = os.path.join(args.logs, name[:-3] + ".log")
    hs_err = os.path.abspath(os.path.join(args.logs, name[:-3] + ".hs_err.log"))
    if os.path.exists(hs_err):
        os.remove(hs_err)
    env = dict(os.environ)
    env["KRAIT_PYTHON"] = args.python
    env["PATH"] = os.path.dirname(args.java) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    cmd = [args.java, "-Xcheck:jni", "-XX:ErrorFile=" + hs_err, "-cp", args.classpath,
           "jep.Run", os.path.join(HERE, "run_file.py"), name]
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=args.source, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=args.timeout)
            hung = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            rc = proc.wait()
            hung = True
    elapsed = time.monotonic() - start
    with open(log_path, errors="replace") as log:
        output = log.read()
    found = RESULT_LINE.findall(output)
    passed, failed, skipped = (int(x) for x in found[-1]) if found else (0, 0, 0)
    if hung:
        return "HANG", passed, failed, skipped, "killed after %d s" % args.timeout, elapsed
    if os.path.exists(hs_err) or rc < 0 or rc >= 128:
        return "CRASH", passed, failed, skipped, problematic_frame(hs_err), elapsed
    for marker in ("FATAL ERROR in native method", "WARNING in native method"):
        if marker in output:
            return "FAIL", passed, failed, skipped, "-Xcheck:jni: " + marker, elapsed
    if not found:
        tail = output.strip().splitlines()[-1:] or ["no output"]
        return "FAIL", 0, 0, 0, "exit %d before any result: %s" % (rc, tail[0][:120]), elapsed
    if failed or rc != 0:
        return "FAIL", passed, failed, skipped, "", elapsed
    return "OK", passed, failed, skipped, "", elapsed


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.logs, exist_ok=True)
    files = args.files or sorted(os.path.basename(p) for p in
                                 glob.glob(os.path.join(args.source, "src/test/python/test_*.py")))
    totals = [0, 0, 0]
    bad = 0
    print("%-36s %6s %6s %7s  %-6s %6s  %s" % ("file", "passed", "failed", "skipped", "status", "secs", "detail"))
    for name in files:
        status, passed, failed, skipped, detail, elapsed = run_file(args, name)
        totals[0] += passed
        totals[1] += failed
        totals[2] += skipped
        if status != "OK":
            bad += 1
            if status != "FAIL" or failed == 0:
                totals[1] += 1 if failed == 0 else 0
        print("%-36s %6d %6d %7d  %-6s %6.1f  %s" % (name, passed, failed, skipped, status, elapsed, detail))
        sys.stdout.flush()
    print("%d passed, %d failed, %d skipped (%d of %d files not OK; logs in %s)"
          % (totals[0], totals[1], totals[2], bad, len(files), args.logs))
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
