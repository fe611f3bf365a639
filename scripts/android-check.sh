#!/usr/bin/env bash
# Checks that libkrait compiles for Android (aarch64-linux-android), where its log
# records go to logcat through android_logger. Only `cargo check`: no NDK is needed.
# pyo3 reads the target CPython from a config file instead of running a Python for it:
# the newest tested minor of pythons.txt (any supported one would do).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh
minor="$(krait_tested_minors | awk '{print $NF}')"
version="${minor:0:1}.${minor:1}"
target=aarch64-linux-android
rustup target add "$target" >/dev/null
dir=target/android
mkdir -p "$dir"
cat > "$dir/pyo3-config.txt" <<CONFIG
implementation=CPython
version=$version
shared=true
abi3=false
lib_name=python$version
pointer_width=64
build_flags=
suppress_build_script_link_lines=false
CONFIG
PYO3_CONFIG_FILE="$PWD/$dir/pyo3-config.txt" cargo check --quiet --lib --target "$target" --target-dir "$dir"
echo "libkrait compiles for $target"
