#!/usr/bin/env bash
# README command 2: every check and test — formatting, clippy, the generated
# header, the published artifacts (scripts/check-packaging.sh), cargo test, the C-host test, the JUnit suite under -Xcheck:jni once
# per tested CPython (the minors marked "test" in pythons.txt), failing on any JNI
# warning, and Jep 4.3.2's own test suite (scripts/jep-suite.sh) and krait's
# adversarial suite (scripts/adversarial.sh) on each of them.
# Also the consumers of the jar (scripts/consumers.sh: Gradle, Kotlin, java -jar, the
# module path) and the Android compile check (scripts/android-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh

# The tested minors ("test" in pythons.txt) and their executables, as "MINOR PATH"
# lines, oldest first; every one must be found.
tested="$(krait_pythons | awk -v t=" $(krait_tested_minors)" 'index(t, " " $1 " ")' | sort -n -k1,1)"
for minor in $(krait_tested_minors); do
    if ! awk -v m="$minor" '$1 == m {found = 1} END {exit !found}' <<<"$tested"; then
        echo "the tests need CPython ${minor:0:1}.${minor:1} (found: $(krait_pythons | tr '\n' ' '))" >&2
        exit 1
    fi
done
dotted="$(awk '{printf "%s%s", sep, substr($1, 1, 1) "." substr($1, 2); sep = ", "}' <<<"$tested")"
# cargo test, the C host test and the consumers need one CPython: the newest tested one.
newest_minor="$(tail -n 1 <<<"$tested" | cut -d' ' -f1)"
newest="$(tail -n 1 <<<"$tested" | cut -d' ' -f2-)"

step() { echo; echo "== $*"; }

step "cargo fmt --check"
cargo fmt --check

step "libkrait for every CPython + jar"
scripts/build.sh

step "published artifacts: Maven bundle, portable natives (x86_64 + aarch64), C package consumers"
scripts/check-packaging.sh

step "include/krait.h is up to date"
if ! git diff --exit-code -- include/krait.h; then
    echo "include/krait.h is stale: rebuild and commit it" >&2
    exit 1
fi

while read -r minor python; do
    step "cargo clippy (CPython ${minor:0:1}.${minor:1})"
    PYO3_PYTHON="$python" cargo clippy --quiet --release --all-targets --target-dir "target/cp$minor" -- -D warnings </dev/null
done <<<"$tested"

step "cargo test (CPython ${newest_minor:0:1}.${newest_minor:1})"
PYO3_PYTHON="$newest" cargo test --release --target-dir "target/cp$newest_minor"

step "C host test"
# The development libkrait (scripts/build.sh builds only the portable ones).
PYO3_PYTHON="$newest" cargo build --quiet --release --lib --target-dir "target/cp$newest_minor"
bash tests/c/run.sh "target/cp$newest_minor/release"

# One Maven run per tested CPython (java/pom.xml); every run knows all of them
# for the tests that start a second Python.
step "JUnit (CPython $dotted, -Xcheck:jni)"
rm -rf java/target/surefire-reports-py*
all_tested="$(awk '{printf "%s%s=%s", sep, $1, $2; sep = " "}' <<<"$tested")"
while read -r minor python; do
    (cd java && mvn -B -Dkrait.test.python="$python" -Dkrait.test.minor="$minor" \
        -Dkrait.test.pythons="$all_tested" test) </dev/null
done <<<"$tested"

step "consumers: the Gradle build (gradle/) and the Kotlin build (kotlin/), CPython ${newest_minor:0:1}.${newest_minor:1}"
scripts/consumers.sh "$newest"

step "Android target compiles (cargo check --target aarch64-linux-android)"
scripts/android-check.sh

step "Jep 4.3.2's own test suite (CPython $dotted, one JVM per file)"
scripts/jep-suite.sh   # on every tested minor

step "adversarial suite (CPython $dotted, one JVM per case, memory soak)"
scripts/adversarial.sh

step "no -Xcheck:jni warnings"
if grep -rl -e "WARNING in native method" -e "FATAL ERROR in native method" java/target/surefire-reports-py*; then
    grep -rh -B2 -A8 -e "WARNING in native method" -e "FATAL ERROR in native method" java/target/surefire-reports-py* | head -60 >&2
    echo "-Xcheck:jni reported problems (files above)" >&2
    exit 1
fi
echo "none"
echo
echo "all checks passed"
