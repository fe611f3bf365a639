#!/usr/bin/env bash
# Builds libkrait once per supported CPython (pythons.txt) and CPU architecture
# (KRAIT_BUILD_ARCHS, default "x86_64 aarch64"; aarch64 is cross-built), all
# portable (scripts/natives/build.sh: glibc 2.17, no rpath, stripped), checks
# them (scripts/natives/check.sh), lays out the C package of each x86_64 build
# (target/c/cp3XX: header, pkg-config, CMake), then builds the jar that carries
# them all: java/target/krait-<version>.jar, with its sources and javadoc jars.
# Debug info: target/natives-debug/<platform>/cp3XX/libkrait.so.debug.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh
archs="${KRAIT_BUILD_ARCHS:-x86_64 aarch64}"

natives=target/jar-natives/krait/native
rm -rf target/jar-natives target/natives-debug
mkdir -p "$natives"
built=0
while read -r minor python; do
    for arch in $archs; do
        echo "== libkrait for CPython ${minor:0:1}.${minor:1} on linux-$arch ($python)"
        scripts/natives/build.sh "$arch" "$python" \
            "$natives/linux-$arch/cp$minor" "target/natives-debug/linux-$arch/cp$minor"
        echo "linux-$arch/cp$minor" >>"$natives/natives.txt"
    done
    if [[ " $archs " == *" x86_64 "* ]]; then
        scripts/natives/c-package.sh "$python" "$natives/linux-x86_64/cp$minor/libkrait.so" "target/c/cp$minor" >/dev/null
    fi
    built=$((built + 1))
done < <(krait_pythons)
if [ "$built" -eq 0 ]; then
    echo "no supported CPython ($(krait_minors)) found (set KRAIT_BUILD_PYTHONS)" >&2
    exit 1
fi
echo "== portable natives (glibc floor, no RUNPATH, machine type)"
scripts/natives/check.sh target/jar-natives
echo "== jar"
# Natives of an earlier build must not linger in the jar (resources are only ever added).
rm -rf java/target/classes/krait/native
(cd java && mvn -q -B -DskipTests package)
ls -l java/target/*.jar
