#!/usr/bin/env bash
# Runs krait's Rust tests and C host test, its Python-in-JVM suite, its JUnit
# suite and the adversarial cases once under AddressSanitizer, then prints
# every ASan report and fails if there was one.
# Not part of scripts/test.sh (see docs/reliability.md, "AddressSanitizer").
#
#   scripts/asan.sh               all four
#   scripts/asan.sh native        cargo test --lib --tests, tests/c (no JVM)
#   scripts/asan.sh python        tests/python/run_suite.py (through jep.Run)
#   scripts/asan.sh junit         the JUnit suite (surefire)
#   scripts/asan.sh adversarial   tests/adversarial/cases (without the soak)
#
# Use after return is detected too (locals whose address is taken then live
# on a heap "fake stack"). KRAIT_ASAN_OPTIONS is appended to the ASAN_OPTIONS.
#
# libkrait is built with a nightly Rust and -Zsanitizer=address for each tested
# CPython (the minors marked "test" in pythons.txt, found by scripts/pythons.sh;
# KRAIT_ASAN_PYTHON<MINOR>, e.g. KRAIT_ASAN_PYTHON312, overrides one; the JUnit
# suite runs once per Python and some of its tests need two) into target/asan/cp3XX. The Maven module is built again under
# target/asan/java (sources linked, not copied) with only those libraries in
# its jar, so java/target is never touched. Every JVM gets LD_PRELOAD of gcc's
# libasan ($KRAIT_ASAN_RUNTIME overrides it): a cdylib does not carry the ASan
# runtime, only executables do. libpython and the JVM are not instrumented,
# and krait starts CPython with its isolated config, so PYTHONMALLOC is not
# read: Python objects up to 512 bytes come from pymalloc's arenas, which ASan
# does not see; larger ones come from malloc and are covered.
#
# Exit status: 0 clean; 1 ASan reported an error (reports printed at the end,
# files in target/asan/logs); 2 no ASan report but a suite failed; 3 setup.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/target/asan"
logs="$out/logs"
triple=x86_64-unknown-linux-gnu
toolchain="${KRAIT_ASAN_TOOLCHAIN:-nightly}"
. scripts/pythons.sh
read -r -a minors <<<"$(krait_tested_minors)"
declare -A pythons=()
while read -r minor python; do
    pythons[$minor]="$python"
done < <(krait_pythons)
for minor in "${minors[@]}"; do
    override="KRAIT_ASAN_PYTHON$minor"
    [ -n "${!override:-}" ] && pythons[$minor]="${!override}"
done
# The C host test and the canary need one CPython: the newest tested one.
newest="${minors[-1]}"

setup_error() {
    echo "asan: $*" >&2
    exit 3
}

suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(native python junit adversarial)
for suite in "${suites[@]}"; do
    case "$suite" in
        native | python | junit | adversarial) ;;
        *) setup_error "unknown suite '$suite' (native, python, junit, adversarial)" ;;
    esac
done
for minor in "${minors[@]}"; do
    python="${pythons[$minor]:-}"
    [ -n "$python" ] || setup_error "no CPython ${minor:0:1}.${minor:1} found (set KRAIT_ASAN_PYTHON$minor)"
    found="$("$python" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')" ||
        setup_error "cannot run $python (set KRAIT_ASAN_PYTHON$minor)"
    [ "$found" = "$minor" ] || setup_error "$python is CPython $found, not $minor"
done
runtime="${KRAIT_ASAN_RUNTIME:-$(gcc -print-file-name=libasan.so)}"
runtime="$(readlink -f "$runtime" || true)"
[ -f "$runtime" ] || setup_error "no ASan runtime (gcc -print-file-name=libasan.so; set KRAIT_ASAN_RUNTIME)"
java_bin="$(readlink -f "$(command -v java)")"

started=$SECONDS
rustflags="-Zsanitizer=address -Cforce-frame-pointers=yes"
rm -rf "$out/natives"
for minor in "${minors[@]}"; do
    echo "== libkrait with -Zsanitizer=address (Rust $toolchain, CPython ${minor:0:1}.${minor:1})"
    # --target keeps the sanitizer off build scripts and proc macros (they run
    # inside cargo and rustc, which have no ASan runtime). Frame pointers give
    # ASan's fast unwinder whole stacks through krait.
    PYO3_PYTHON="${pythons[$minor]}" RUSTFLAGS="$rustflags" \
        cargo "+$toolchain" build --quiet --release --lib --target "$triple" --target-dir "$out/cp$minor"
    library="$out/cp$minor/$triple/release/libkrait.so"
    nm -D --undefined-only "$library" | grep -c __asan_init >/dev/null ||
        setup_error "$library is not instrumented"
    mkdir -p "$out/natives/krait/native/linux-x86_64/cp$minor"
    cp "$library" "$out/natives/krait/native/linux-x86_64/cp$minor/libkrait.so"
    echo "linux-x86_64/cp$minor" >>"$out/natives/krait/native/natives.txt"
done

echo "== krait jar and test classes with those libraries (target/asan/java)"
# The tests find the repository as the Maven module's parent: link what they use.
mkdir -p "$out/java"
cp java/pom.xml "$out/java/pom.xml"
ln -sfn "$root/java/src" "$out/java/src"
ln -sfn "$root/tests" "$out/tests"
ln -sfn "$root/krait" "$out/krait"
ln -sfn "$root/pythons.txt" "$out/pythons.txt"
mvn_args=(-B -Dstyle.color=never -Dkrait.natives.dir="$out/natives")
(cd "$out/java" && mvn -q "${mvn_args[@]}" -DskipTests package) >"$out/package.log" 2>&1 ||
    setup_error "the Maven build failed (target/asan/package.log)"
jar="$(ls "$out"/java/target/krait-*.jar | grep -v -e -sources -e -javadoc -e -tests | head -n 1)"

# A JVM (and every JVM or Python it starts) under ASan: the JVM handles
# SIGSEGV/SIGBUS itself (implicit null checks, safepoints), so ASan must leave
# those signals and the alternate stack alone; leak checking at exit would
# report the JVM's and CPython's deliberate leaks. Reports go to files, as
# surefire and the tests' child JVMs keep or drop stderr.
rm -rf "$logs"
mkdir -p "$logs"
asan_options="handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0"
asan_options+=":allow_user_segv_handler=1:use_sigaltstack=0:detect_leaks=0:detect_stack_use_after_return=1"
asan_options+=":halt_on_error=1:print_legend=0:log_path=$logs/asan${KRAIT_ASAN_OPTIONS:+:$KRAIT_ASAN_OPTIONS}"
# ./krait runs `java` from PATH, surefire the one given with -Djvm (its name
# must be java): both get this wrapper.
wrapper="$out/bin/java"
mkdir -p "$out/bin"
cat >"$wrapper" <<EOF
#!/bin/sh
# java under AddressSanitizer (generated by scripts/asan.sh).
export LD_PRELOAD="$runtime\${LD_PRELOAD:+:\$LD_PRELOAD}"
export ASAN_OPTIONS="$asan_options"
exec "$java_bin" "\$@"
EOF
chmod +x "$wrapper"

# Runs jep.Run under ASan with CPython 3.<minor> (first argument).
krait_asan() {
    local minor="$1"
    shift
    PATH="$out/bin:$PATH" KRAIT_JAR="$jar" CLASSPATH="$out/java/target/test-classes" \
        KRAIT_JAVA_OPTS="-Xcheck:jni -Dkrait.python=${pythons[$minor]}" ./krait "$@"
}

echo "== canary: an overflow through ctypes must give an ASan report"
cat >"$out/canary.py" <<'EOF'
import ctypes
buffer = bytearray(1024)  # above pymalloc's 512 bytes: from malloc
ctypes.memmove((ctypes.c_char * 1024).from_buffer(buffer), bytes(2048), 2048)
EOF
krait_asan "$newest" "$out/canary.py" >"$logs/canary.log" 2>&1 || true
mkdir -p "$logs/canary"
mv "$logs"/asan.* "$logs/canary/" 2>/dev/null || true
grep -q "ERROR: AddressSanitizer: heap-buffer-overflow" "$logs"/canary/asan.* 2>/dev/null ||
    setup_error "ASan did not report the canary's overflow (target/asan/logs/canary.log)"

status=0
if [[ " ${suites[*]} " == *" native "* ]]; then
    for minor in "${minors[@]}"; do
        echo "== Rust tests under ASan (CPython ${minor:0:1}.${minor:1})"
        t=$SECONDS
        log="$logs/rust-cp$minor.log"
        # Test executables link the ASan runtime themselves: no LD_PRELOAD.
        # Doctests would be built without the sanitizer: left out.
        if ! PYO3_PYTHON="${pythons[$minor]}" RUSTFLAGS="$rustflags" ASAN_OPTIONS="$asan_options" \
            cargo "+$toolchain" test --release --lib --tests --target "$triple" \
            --target-dir "$out/cp$minor" >"$log" 2>&1; then
            echo "asan: the Rust tests failed (target/asan/logs/${log##*/})"
            status=2
        fi
        grep -E "^test result:" "$log" || true
        echo "   ($((SECONDS - t)) s)"
    done
    echo "== C host test under ASan (CPython ${newest:0:1}.${newest:1})"
    # gcc links its own libasan into the test executable.
    if ! KRAIT_C_FLAGS=-fsanitize=address ASAN_OPTIONS="$asan_options" \
        bash tests/c/run.sh "$out/cp$newest/$triple/release" >"$logs/c-host.log" 2>&1; then
        echo "asan: the C host test failed (target/asan/logs/c-host.log)"
        status=2
    fi
    tail -n 1 "$logs/c-host.log"
fi
if [[ " ${suites[*]} " == *" python "* ]]; then
    for minor in "${minors[@]}"; do
        echo "== Python-in-JVM suite under ASan (CPython ${minor:0:1}.${minor:1})"
        t=$SECONDS
        log="$logs/python-suite-cp$minor.log"
        if ! krait_asan "$minor" tests/python/run_suite.py >"$log" 2>&1; then
            echo "asan: the Python suite failed (target/asan/logs/${log##*/})"
            status=2
        fi
        tail -n 1 "$log"
        echo "   ($((SECONDS - t)) s)"
    done
fi
if [[ " ${suites[*]} " == *" junit "* ]]; then
    echo "== JUnit suite under ASan (CPython ${minors[*]})"
    t=$SECONDS
    # surefire forks the test JVM with -Djvm: the wrapper; child JVMs the tests
    # start inherit its environment. One run per Python (java/pom.xml), each told
    # of all of them for the tests that start a second Python.
    all_tested=""
    for minor in "${minors[@]}"; do
        all_tested+="${all_tested:+ }$minor=${pythons[$minor]}"
    done
    # Test failures must not stop the other Pythons' runs; the summaries say
    # whether there were any.
    junit_ok=1
    : >"$logs/junit.log"
    for minor in "${minors[@]}"; do
        (cd "$out/java" && mvn "${mvn_args[@]}" -Djvm="$wrapper" -Dmaven.test.failure.ignore=true \
            -Dkrait.test.python="${pythons[$minor]}" -Dkrait.test.minor="$minor" \
            -Dkrait.test.pythons="$all_tested" surefire:test) >>"$logs/junit.log" 2>&1 || junit_ok=0
    done
    if [ "$junit_ok" = 0 ] || grep -qE "^\[ERROR\] Tests run:.*Skipped: [0-9]+$" "$logs/junit.log"; then
        echo "asan: the JUnit suite failed (target/asan/logs/junit.log, target/asan/java/target/surefire-reports-py3XX)"
        status=2
    fi
    grep -E "^\[(INFO|WARNING|ERROR)\] Tests run:.*Skipped: [0-9]+$" "$logs/junit.log" || true
    echo "   ($((SECONDS - t)) s)"
fi
if [[ " ${suites[*]} " == *" adversarial "* ]]; then
    echo "== adversarial cases under ASan (CPython ${minors[*]})"
    t=$SECONDS
    # run.py starts `java` from PATH: the wrapper.
    adversarial_args=()
    for minor in "${minors[@]}"; do
        adversarial_args+=(--python "${pythons[$minor]}")
    done
    if ! PATH="$out/bin:$PATH" python3 tests/adversarial/run.py --jar "$jar" --no-soak \
        "${adversarial_args[@]}" >"$logs/adversarial.log" 2>&1; then
        echo "asan: an adversarial case failed (target/asan/logs/adversarial.log)"
        status=2
    fi
    grep -E "cases passed" "$logs/adversarial.log" || true
    echo "   ($((SECONDS - t)) s)"
fi

reports=()
for file in "$logs"/asan.*; do
    [ -e "$file" ] || continue
    grep -q "ERROR: AddressSanitizer" "$file" && reports+=("$file")
done
echo "== ASan: ${#reports[@]} report(s), $((SECONDS - started)) s in all"
# c++filt demangles Rust's v0 symbols that ASan's symbolizer leaves mangled.
demangle=cat
command -v c++filt >/dev/null && demangle=c++filt
for file in "${reports[@]}"; do
    echo "---- $file"
    "$demangle" <"$file"
done
[ ${#reports[@]} -gt 0 ] && exit 1
exit "$status"
