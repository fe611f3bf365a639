#!/usr/bin/env bash
# Builds tests/c/test_krait.c with gcc against include/krait.h and the
# libkrait.so in the given directory (default target/cp312/debug), then runs it.
# libkrait carries an rpath to its libpython, so no LD_LIBRARY_PATH is needed.
#   bash tests/c/run.sh [libkrait dir]
# KRAIT_C_FLAGS adds compiler flags (scripts/asan.sh: -fsanitize=address).
set -euo pipefail
cd "$(dirname "$0")/../.."

libdir="${1:-target/cp312/debug}"
if [ ! -f "$libdir/libkrait.so" ]; then
    echo "no libkrait.so in $libdir: build it first (cargo build --target-dir ...)" >&2
    exit 1
fi
libdir="$(cd "$libdir" && pwd)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if command -v g++ >/dev/null; then
    # The header must also be valid C++.
    g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -x c++ include/krait.h
fi
# shellcheck disable=SC2086 # KRAIT_C_FLAGS holds several flags on purpose
gcc -std=c11 -Wall -Wextra -Werror -pedantic -pthread -Iinclude ${KRAIT_C_FLAGS:-} \
    tests/c/test_krait.c -o "$out/test_krait" \
    -L"$libdir" -lkrait -Wl,-rpath,"$libdir" -lm
"$out/test_krait"
