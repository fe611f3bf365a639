#!/usr/bin/env bash
# Checks that the native files (every ELF file: libraries and executables)
# under a directory are portable, one line each: the highest GLIBC_ symbol
# version needed is at most the floor (2.17, manylinux2014), no RUNPATH or
# RPATH, a SONAME (libraries), no debug info, and the ELF machine matches the
# platform folder (linux-x86_64 / linux-aarch64).
#   scripts/natives/check.sh [DIR]    (default target/jar-natives)
set -euo pipefail
dir="${1:-target/jar-natives}"
floor=2.17
failed=0
count=0
while IFS= read -r lib; do
    count=$((count + 1))
    problems=()
    # Outputs are read into variables: with pipefail, grep -q ending early would
    # turn readelf's SIGPIPE into a false answer.
    dynamic="$(readelf -d -W "$lib")"
    sections="$(readelf -S -W "$lib")"
    glibc="$(readelf -V -W "$lib" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
    if [ "$(printf '%s\n%s\n' "$glibc" "$floor" | sort -V | tail -1)" != "$floor" ]; then
        problems+=("needs GLIBC_$glibc > $floor")
    fi
    if grep -qE '\((RUNPATH|RPATH)\)' <<<"$dynamic"; then
        problems+=("has $(grep -E '\((RUNPATH|RPATH)\)' <<<"$dynamic" | sed 's/.*(\(R[A-Z]*\)).*\[\(.*\)\]/\1 \2/')")
    fi
    case "$lib" in
        *.so) grep -q '(SONAME)' <<<"$dynamic" || problems+=("no SONAME") ;;
    esac
    if grep -q '\.debug_info' <<<"$sections"; then
        problems+=("not stripped (.debug_info)")
    fi
    machine="$(readelf -h "$lib" | sed -n 's/^ *Machine: *//p')"
    case "$lib" in
        */linux-x86_64/*) [ "$machine" = "Advanced Micro Devices X86-64" ] || problems+=("machine $machine, expected x86-64") ;;
        */linux-aarch64/*) [ "$machine" = "AArch64" ] || problems+=("machine $machine, expected AArch64") ;;
    esac
    if [ ${#problems[@]} -eq 0 ]; then
        printf 'ok    %s  (%s, GLIBC_%s, %s bytes)\n' "$lib" "$machine" "$glibc" "$(stat -c %s "$lib")"
    else
        printf 'FAIL  %s: %s\n' "$lib" "$(IFS=';'; echo "${problems[*]}")" >&2
        failed=1
    fi
done < <(find "$dir" -type f -exec sh -c 'head -c 4 "$1" | grep -q "ELF"' _ {} \; -print | sort)
[ "$count" -gt 0 ] || { echo "no native files under $dir" >&2; exit 1; }
exit "$failed"
