#!/usr/bin/env bash
# Benchmarks krait against Jep (issue 5) and prints one Markdown table.
# Not part of the test command. Builds what it needs: the krait jar (via
# scripts/build.sh when missing), bench/target/benchmarks.jar (JMH, Maven),
# the JNI floor library (gcc) and Jep in target/bench-venv (pip, cached).
# Both run back to back on the same CPython 3.12, from the same benchmark jar.
#
#   scripts/bench.sh                 full run (about 15 minutes on 2 cores)
#   BENCH_QUICK=1 scripts/bench.sh   a smoke run (1 short iteration each)
#   BENCH_JMH="-f 1 -wi 2 -i 3"      other JMH options
#   BENCH_ONLY=CallBench             a JMH regexp instead of every benchmark
#   KRAIT_BENCH_PYTHON=/path/python3.12
# Results (JMH JSON, logs, table.md) land in bench/target/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s)

# --- CPython 3.12 and the JDK ---------------------------------------------
# Deliberately one fixed minor, not taken from pythons.txt: the README's table
# is measured on it, and the sub-interpreter floor below uses 3.12's
# _xxsubinterpreters (renamed in 3.13). Moving the bench is changing this line.
bench_minor=312
bench_dotted="${bench_minor:0:1}.${bench_minor:1}"
. scripts/pythons.sh
python=${KRAIT_BENCH_PYTHON:-}
if [ -z "$python" ]; then
    python=$(KRAIT_BUILD_PYTHONS="" krait_pythons | awk -v m="$bench_minor" '$1 == m { print $2 }' | tail -1)
fi
if [ -z "$python" ] || [ "$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" != "$bench_dotted" ]; then
    echo "bench: needs CPython $bench_dotted (set KRAIT_BENCH_PYTHON)" >&2
    exit 1
fi
python=$("$python" -c 'import sys; print(sys.executable)')
libdir=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')
libpython="$libdir/$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("LDLIBRARY"))')"
[ -f "$libpython" ] || { echo "bench: $python has no shared libpython ($libpython)" >&2; exit 1; }
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
java="$JAVA_HOME/bin/java"

out=bench/target/results
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.log "$out"/table.md

if [ -n "${BENCH_QUICK:-}" ]; then
    jmh_opts=${BENCH_JMH:--f 1 -wi 1 -i 1 -w 1s -r 1s}
    scaling_args=(1 1000000)
else
    jmh_opts=${BENCH_JMH:--f 2 -wi 3 -i 5 -w 1s -r 1s}
    scaling_args=(5 3000000)
fi
# shellcheck disable=SC2206
jmh=($jmh_opts)

# --- builds ----------------------------------------------------------------
jar=java/target/krait-0.1.0-SNAPSHOT.jar
if [ ! -f "$jar" ]; then
    echo "== krait jar missing: scripts/build.sh"
    scripts/build.sh
fi
"$JAVA_HOME/bin/jar" tf "$jar" | grep -q "cp$bench_minor/libkrait.so" \
    || { echo "bench: $jar has no libkrait for CPython $bench_dotted (run scripts/build.sh)" >&2; exit 1; }
mkdir -p bench/target
cp "$jar" bench/target/krait.jar   # a snapshot: the run does not see later rebuilds
krait_built="krait jar of $(date -u -r "$jar" '+%Y-%m-%d %H:%M') UTC, git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- native java 2>/dev/null || echo ' + local changes')"
krait_jar=$root/bench/target/krait.jar

echo "== benchmark jar"
(cd bench && mvn -q -B -Dkrait.jar="$krait_jar" package)
bench_jar=$root/bench/target/benchmarks.jar

echo "== floor library"
floor_lib=$root/bench/target/libkraitfloor.so
gcc -O2 -Wall -Wextra -shared -fPIC -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" \
    $("$python" -c 'import sysconfig; print("-I" + sysconfig.get_paths()["include"])') \
    bench/floor/floor.c -L"$libdir" -lpython"$bench_dotted" -Wl,-rpath,"$libdir" -o "$floor_lib"

echo "== Jep in target/bench-venv"
venv=$root/target/bench-venv
jep_status=ok
venv_ok() {
    [ -x "$venv/bin/python" ] && "$venv/bin/python" - "$python" <<'PY' 2>/dev/null
import importlib.util, os, sys
assert os.path.realpath(sys.base_prefix) == os.path.realpath(sys.argv[1]).rsplit("/bin/", 1)[0]
assert importlib.util.find_spec("jep") and importlib.util.find_spec("numpy")
PY
}
if ! venv_ok; then
    rm -rf "$venv"
    if ! (
        "$python" -m venv "$venv" &&
        . "$venv/bin/activate" &&
        pip install numpy &&
        pip install jep   # builds from source against $JAVA_HOME (a few minutes)
    ) >"$out/jep-build.log" 2>&1; then
        jep_status="pip install jep failed: $(grep -m1 -iE 'error' "$out/jep-build.log" || tail -1 "$out/jep-build.log")"
    fi
fi
if [ "$jep_status" = ok ]; then
    site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')
    jep_dir="$site/jep"
    jep_jar=$(ls "$jep_dir"/jep-*.jar 2>/dev/null | head -1)
    [ -n "$jep_jar" ] || jep_status="no jep-*.jar in $jep_dir"
    jep_version=$(basename "$jep_jar" .jar)
fi
echo "   Jep: $jep_status ${jep_version:-}"
krait_python=$python
[ -x "$venv/bin/python" ] && krait_python=$venv   # same CPython, with numpy

has_ndarray() { "$JAVA_HOME/bin/jar" tf "$1" | grep -q '^jep/DirectNDArray.class$'; }
all='krait\.bench\.(CallBench|BulkBench|LifecycleBench)\.'
only=${BENCH_ONLY:-$all}
# With BENCH_ONLY, NumpyBench and Scaling run only when it names them (the floor always runs).
want() { [ -z "${BENCH_ONLY:-}" ] || [[ "$1" =~ $BENCH_ONLY ]]; }

# --- runs --------------------------------------------------------------------
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
krait_missing='{}'
jep_missing='{}'

echo "== krait"
krait_run() { "$java" -Dkrait.python="$krait_python" -cp "$krait_jar:$bench_jar" "$@"; }
krait_run org.openjdk.jmh.Main "$only" "${jmh[@]}" -rf json -rff "$out/krait.json" >"$out/krait.log" 2>&1 || true
if ! want NumpyBench; then
    :
elif has_ndarray "$krait_jar"; then
    krait_run org.openjdk.jmh.Main 'NumpyBench' "${jmh[@]}" -rf json -rff "$out/krait-numpy.json" >>"$out/krait.log" 2>&1 || true
else
    krait_missing='{"NumpyBench": "n/a (no jep.DirectNDArray yet)"}'
fi
want Scaling && krait_run krait.bench.Scaling "$out/krait-scaling.json" "${scaling_args[@]}" 2>&1 | tee -a "$out/krait.log" | grep '^\[scaling\]' || true
# krait.ProcessInterpreter (issue 12): krait only, a plain program (not JMH).
want ProcessBench && krait_run krait.bench.ProcessBench "$out/krait-process.json" "$([ -n "${BENCH_QUICK:-}" ] && echo 2 || echo 5)" \
    2>&1 | tee -a "$out/krait.log" | grep '^\[process\]' || true
# krait's pool rows (issue 11; krait only): hand-off round trip, isolated-pool throughput, shared buffer.
want PoolBench && krait_run krait.bench.PoolBench "$out/krait-pool.json" "${scaling_args[@]}" 2>&1 | tee -a "$out/krait.log" | grep '^\[pool\]' || true

if [ "$jep_status" = ok ]; then
    echo "== Jep ($jep_version)"
    # As Jep's own `jep` launcher (installed in an activated virtualenv) runs java.
    jep_run() (
        . "$venv/bin/activate"
        export LD_LIBRARY_PATH="$libdir:$site" LD_PRELOAD="$libpython"
        "$java" -Djava.library.path="$jep_dir" -cp "$jep_jar:$bench_jar" "$@"
    )
    jep_run org.openjdk.jmh.Main "$only" "${jmh[@]}" -rf json -rff "$out/jep.json" >"$out/jep.log" 2>&1 || true
    if ! want NumpyBench; then
        :
    elif has_ndarray "$jep_jar"; then
        jep_run org.openjdk.jmh.Main 'NumpyBench' "${jmh[@]}" -rf json -rff "$out/jep-numpy.json" >>"$out/jep.log" 2>&1 || true
    else
        jep_missing='{"NumpyBench": "n/a"}'
    fi
    want Scaling && jep_run krait.bench.Scaling "$out/jep-scaling.json" "${scaling_args[@]}" 2>&1 | tee -a "$out/jep.log" | grep '^\[scaling\]' || true
fi

echo "== floor"
"$java" -Dkrait.floor.lib="$floor_lib" -cp "$bench_jar" org.openjdk.jmh.Main 'FloorBench' "${jmh[@]}" \
    -rf json -rff "$out/floor.json" >"$out/floor.log" 2>&1 || true
# What CPython 3.12 alone needs to create and destroy a sub-interpreter (site
# imported), after a warm-up as JMH does: the SubInterpreter rows' target is this + 1 ms.
"$python" - "$out/subfloor.json" <<'PY' || true
import _xxsubinterpreters as si, json, statistics, sys, time
def median_ms(isolated):
    for _ in range(10):
        si.destroy(si.create(isolated=isolated))
    times = []
    for _ in range(101):
        t = time.perf_counter()
        si.destroy(si.create(isolated=isolated))
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)
json.dump({"legacy_ms": median_ms(False), "isolated_ms": median_ms(True)}, open(sys.argv[1], "w"))
PY
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- table -------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
jdk=$("$java" -version 2>&1 | sed -n 2p)
cpython=$("$python" -c 'import sys; print(sys.version.split()[0])')
elapsed=$(( $(date +%s) - started ))
"$python" - "$out/meta.json" <<PY
import json, sys
json.dump({
    "machine": "$(nproc) cores, $cpu, $(free -g | awk '/Mem:/ {print $2}') GiB; $jdk; CPython $cpython "
               "($python); load average $load_start at start, $load_end at end; $(date -u +%Y-%m-%d)",
    "settings": "$krait_built; JMH ${jmh_opts}, AverageTime; Scaling rounds/n ${scaling_args[*]}; run took ${elapsed} s"
                + ("; Jep ${jep_version:-}" if "$jep_status" == "ok" else ""),
    "jep_status": """$jep_status""",
    "krait_missing": json.loads('$krait_missing'),
    "jep_missing": json.loads('$jep_missing'),
}, open(sys.argv[1], "w"), ensure_ascii=False)
PY
echo
"$python" bench/report.py "$out" | tee "$out/table.md"
if [ -f "$out/krait-pool.json" ]; then
    "$python" bench/pool_report.py "$out/krait-pool.json" | tee -a "$out/table.md"
fi
