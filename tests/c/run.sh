#!/usr/bin/env bash
# Builds tests/c/test_krait.c and test_interrupt.c with gcc against include/krait.h and the
# libkrait.so in the given directory (default target/cp3XX/debug for the newest
# tested minor of pythons.txt), then runs it.
# A development libkrait carries an rpath to its libpython, and the test is
# linked with an rpath to a folder holding libkrait under its SONAME, so no
# LD_LIBRARY_PATH is needed.
#   bash tests/c/run.sh [libkrait dir]
# KRAIT_C_FLAGS adds compiler flags (scripts/asan.sh: -fsanitize=address).
set -euo pipefail
cd "$(dirname "$0")/../.."

. scripts/pythons.sh
libdir="${1:-target/cp$(krait_tested_minors | awk '{print $NF}')/debug}"
if [ ! -f "$libdir/libkrait.so" ]; then
    echo "no libkrait.so in $libdir: build it first (cargo build --target-dir ...)" >&2
    exit 1
fi
libdir="$(cd "$libdir" && pwd)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The test links libkrait by its SONAME (libkrait.so.0.N), as an installed copy would be.
soname="$(readelf -d -W "$libdir/libkrait.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
ln -s "$libdir/libkrait.so" "$out/libkrait.so"
[ -z "$soname" ] || ln -s "$libdir/libkrait.so" "$out/$soname"

# The header must be valid C99 and C++, without any warning.
gcc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -x c include/krait.h
if command -v g++ >/dev/null; then
    g++ -std=c++11 -Wall -Wextra -pedantic -Werror -fsyntax-only -x c++ include/krait.h
fi
# shellcheck disable=SC2086 # KRAIT_C_FLAGS holds several flags on purpose
gcc -std=c11 -Wall -Wextra -Werror -pedantic -pthread -Iinclude ${KRAIT_C_FLAGS:-} \
    tests/c/test_krait.c tests/c/test_interrupt.c -o "$out/test_krait" \
    -L"$out" -lkrait -Wl,-rpath,"$out" -lm
"$out/test_krait"
