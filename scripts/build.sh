#!/usr/bin/env bash
# Builds libkrait once per supported CPython (3.10–3.13) and the jar that
# carries them all: java/target/krait-<version>.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh

natives=target/jar-natives/krait/native/linux-x86_64
rm -rf target/jar-natives
mkdir -p "$natives"
built=0
while read -r minor python; do
    echo "== libkrait for CPython ${minor:0:1}.${minor:1} ($python)"
    PYO3_PYTHON="$python" cargo build --quiet --release --lib --target-dir "target/cp$minor"
    mkdir -p "$natives/cp$minor"
    cp "target/cp$minor/release/libkrait.so" "$natives/cp$minor/libkrait.so"
    # krait.ProcessInterpreter's child process, beside libkrait (issue 12).
    PYO3_PYTHON="$python" cargo build --quiet --release --bin krait-worker --target-dir "target/cp$minor"
    cp "target/cp$minor/release/krait-worker" "$natives/cp$minor/krait-worker"
    built=$((built + 1))
done < <(krait_pythons)
if [ "$built" -eq 0 ]; then
    echo "no CPython 3.10-3.13 found (set KRAIT_BUILD_PYTHONS)" >&2
    exit 1
fi
echo "== jar"
(cd java && mvn -q -B -DskipTests package)
ls java/target/*.jar
