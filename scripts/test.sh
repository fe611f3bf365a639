#!/usr/bin/env bash
# README command 2: every check and test — formatting, clippy, the generated
# header, the published artifacts (scripts/check-packaging.sh), cargo test, the C-host test, the JUnit suite under -Xcheck:jni once
# per CPython (3.11 and 3.12), failing on any JNI warning, and Jep 4.3.2's own
# test suite (scripts/jep-suite.sh) and krait's adversarial suite
# (scripts/adversarial.sh) on both.
# Also the consumers of the jar (scripts/consumers.sh: Gradle, Kotlin, java -jar, the
# module path) and the Android compile check (scripts/android-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh

py312="$(krait_pythons | awk '$1 == 312 {print $2}')"
py311="$(krait_pythons | awk '$1 == 311 {print $2}')"
if [ -z "$py312" ] || [ -z "$py311" ]; then
    echo "the tests need CPython 3.11 and 3.12 (found: $(krait_pythons | tr '\n' ' '))" >&2
    exit 1
fi

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

for minor in 311 312; do
    python=$([ "$minor" = 311 ] && echo "$py311" || echo "$py312")
    step "cargo clippy (CPython ${minor:0:1}.${minor:1})"
    PYO3_PYTHON="$python" cargo clippy --quiet --release --all-targets --target-dir "target/cp$minor" -- -D warnings
done

step "cargo test (CPython 3.12)"
PYO3_PYTHON="$py312" cargo test --release --target-dir target/cp312

step "C host test"
# The development libkrait (scripts/build.sh builds only the portable ones).
PYO3_PYTHON="$py312" cargo build --quiet --release --lib --target-dir target/cp312
bash tests/c/run.sh target/cp312/release

step "JUnit (CPython 3.11 and 3.12, -Xcheck:jni)"
rm -rf java/target/surefire-reports-py3*
(cd java && mvn -B -Dkrait.python311="$py311" -Dkrait.python312="$py312" test)

step "consumers: the Gradle build (gradle/) and the Kotlin build (kotlin/), CPython 3.12"
scripts/consumers.sh "$py312"

step "Android target compiles (cargo check --target aarch64-linux-android)"
scripts/android-check.sh

step "Jep 4.3.2's own test suite (CPython 3.11 and 3.12, one JVM per file)"
scripts/jep-suite.sh 311 312

step "adversarial suite (CPython 3.11 and 3.12, one JVM per case, memory soak)"
scripts/adversarial.sh

step "no -Xcheck:jni warnings"
if grep -rl -e "WARNING in native method" -e "FATAL ERROR in native method" java/target/surefire-reports-py3*; then
    grep -rh -B2 -A8 -e "WARNING in native method" -e "FATAL ERROR in native method" java/target/surefire-reports-py3* | head -60 >&2
    echo "-Xcheck:jni reported problems (files above)" >&2
    exit 1
fi
echo "none"
echo
echo "all checks passed"
