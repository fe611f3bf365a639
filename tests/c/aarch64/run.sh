#!/usr/bin/env bash
# Runs the aarch64 libkrait of every minor under qemu-user (smoke.c: the library
# loads, its symbols resolve, the calls that need no CPython work). No aarch64
# CPython is available here, so libpython is the link-time stand-in of
# scripts/natives/cross-python.sh and no Python code runs.
# Needs qemu-aarch64 and an aarch64 glibc (Debian: qemu-user libc6-arm64-cross).
#   bash tests/c/aarch64/run.sh [natives dir]   (default target/jar-natives/krait/native)
set -euo pipefail
cd "$(dirname "$0")/../../.."
natives="${1:-target/jar-natives/krait/native}"
sysroot=/usr/aarch64-linux-gnu
command -v qemu-aarch64 >/dev/null && [ -f "$sysroot/lib/libc.so.6" ] || {
    echo "needs qemu-aarch64 and $sysroot (apt-get install qemu-user libc6-arm64-cross)" >&2
    exit 1
}
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 -m ziglang cc -target aarch64-linux-gnu.2.17 -std=c99 -Wall -Wextra -Werror \
    tests/c/aarch64/smoke.c -o "$out/smoke" -ldl
count=0
for lib in "$natives"/linux-aarch64/cp3*/libkrait.so; do
    minor="$(basename "$(dirname "$lib")")"
    version="3.${minor#cp3}"
    stub="target/cross/aarch64-$minor/libpython$version.so"
    [ -f "$stub" ] || { echo "no stand-in libpython $stub (built by scripts/build.sh)" >&2; exit 1; }
    mkdir -p "$out/$minor"
    cp "$stub" "$out/$minor/libpython$version.so.1.0"
    got="$(QEMU_LD_PREFIX="$sysroot" LD_LIBRARY_PATH="$out/$minor" qemu-aarch64 "$out/smoke" "$lib")"
    [ "$got" = ok ] || { echo "aarch64 $minor: smoke test printed '$got'" >&2; exit 1; }
    echo "ok   aarch64 libkrait for CPython $version loads and runs under qemu-aarch64"
    count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "no aarch64 libkrait under $natives" >&2; exit 1; }
