#!/usr/bin/env bash
# Builds and runs the README's C example (the code block after the marker
# "<!-- tested by tests/c/consumers.sh -->") against the C package that
# scripts/build.sh lays out (default target/c/cp3XX, the newest tested minor of
# pythons.txt) in three ways:
#   pkg-config: gcc -std=c99 -pedantic -Werror $(pkg-config --cflags --libs krait)
#   CMake:      find_package(krait) and the imported target krait::krait
#   C++:        the same file compiled as C++11 with g++ -pedantic -Werror
# Each program must print 3. The package's library has no rpath: the consumers
# find libkrait and libpython through their own rpath (CMake's build rpath, or
# -Wl,-rpath from the pkg-config variables), as the README says.
#   bash tests/c/consumers.sh [C package prefix]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/pythons.sh
prefix="$(cd "${1:-target/c/cp$(krait_tested_minors | awk '{print $NF}')}" && pwd)"
[ -f "$prefix/lib/pkgconfig/krait.pc" ] || { echo "no C package at $prefix: run scripts/build.sh" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

awk '/<!-- tested by tests\/c\/consumers.sh -->/ { found = 1; next }
     found && /^```c/ { inside = 1; next }
     inside && /^```/ { exit }
     inside { print }' README.md >"$out/hello.c"
[ -s "$out/hello.c" ] || { echo "README.md has no tested C example" >&2; exit 1; }

expect_three() {
    local what="$1" got
    got="$("$2")"
    [ "$got" = 3 ] || { echo "$what consumer printed '$got', expected 3" >&2; exit 1; }
    echo "ok   $what consumer built and ran (printed 3)"
}

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
rpath="-Wl,-rpath,$(pkg-config --variable=libdir krait) -Wl,-rpath,$(pkg-config --variable=pythonlibdir krait)"
# shellcheck disable=SC2046,SC2086 # pkg-config's output is a list of flags
gcc -std=c99 -Wall -Wextra -pedantic -Werror "$out/hello.c" -o "$out/hello-pc" $(pkg-config --cflags --libs krait) $rpath
expect_three pkg-config "$out/hello-pc"

# shellcheck disable=SC2046,SC2086
g++ -std=c++11 -Wall -Wextra -pedantic -Werror -x c++ "$out/hello.c" -x none -o "$out/hello-cxx" $(pkg-config --cflags --libs krait) $rpath
expect_three C++ "$out/hello-cxx"

cmake -S tests/c/cmake-consumer -B "$out/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DKRAIT_EXAMPLE="$out/hello.c" >"$out/cmake.log" 2>&1 \
    && cmake --build "$out/cmake" >>"$out/cmake.log" 2>&1 \
    || { cat "$out/cmake.log" >&2; exit 1; }
expect_three CMake "$out/cmake/hello"
