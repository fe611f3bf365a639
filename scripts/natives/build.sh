#!/usr/bin/env bash
# Builds one portable libkrait, and the krait-worker executable of
# krait.ProcessInterpreter, for a CPU architecture and a CPython minor:
# with cargo-zigbuild against glibc 2.17 (manylinux2014's floor), without an
# rpath (KRAIT_PORTABLE=1), stripped, its debug info kept in a separate file.
#   scripts/natives/build.sh ARCH PYTHON OUT_DIR DEBUG_DIR
# ARCH is x86_64 or aarch64. PYTHON is a CPython of this machine of the wanted
# minor: for x86_64 the library is built against it; for aarch64 (cross-built)
# its version and its libpython's symbol list describe the target CPython
# (scripts/natives/cross-python.sh). Writes OUT_DIR/{libkrait.so,krait-worker}
# and DEBUG_DIR/{libkrait.so,krait-worker}.debug (linked by .gnu_debuglink).
# Needs cargo-zigbuild and ziglang (pip install ziglang cargo-zigbuild), the
# Rust target (rustup target add ARCH-unknown-linux-gnu) and llvm-tools
# (rustup component add llvm-tools).
set -euo pipefail
cd "$(dirname "$0")/../.."
arch="$1" python="$2" out="$3" debug="$4"
glibc=2.17

minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"
triple="$arch-unknown-linux-gnu"
target_dir="target/cp$minor"
env_vars=(KRAIT_PORTABLE=1)
case "$arch" in
    x86_64) env_vars+=("PYO3_PYTHON=$python") ;;
    aarch64)
        config="$(scripts/natives/cross-python.sh "$arch" "$python" "target/cross/$arch-cp$minor")"
        env_vars+=("PYO3_CONFIG_FILE=$config")
        ;;
    *) echo "unknown architecture $arch (x86_64 or aarch64)" >&2; exit 1 ;;
esac
env "${env_vars[@]}" cargo zigbuild --quiet --release --lib --bin krait-worker --target "$triple.$glibc" --target-dir "$target_dir"

objcopy="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/llvm-objcopy"
mkdir -p "$out" "$debug"
for file in libkrait.so krait-worker; do
    built="$target_dir/$triple/release/$file"
    "$objcopy" --only-keep-debug "$built" "$debug/$file.debug"
    "$objcopy" --strip-all --add-gnu-debuglink="$debug/$file.debug" "$built" "$out/$file"
done
