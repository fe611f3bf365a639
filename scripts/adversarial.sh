#!/usr/bin/env bash
# krait's adversarial suite (tests/adversarial): each case in its own JVM,
# classified CRASH / HANG / FAIL / PASS, then the memory soak (RSS per
# SubInterpreter cycle against bare CPython). Runs on every tested CPython (the
# minors marked "test" in pythons.txt; KRAIT_ADVERSARIAL_PYTHONS overrides the list)
# with the jar built by scripts/build.sh. Extra arguments go to run.py
# (--only NAME, --no-soak).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh

jar="$(ls java/target/krait-*.jar 2>/dev/null | grep -v -e -sources -e -javadoc -e -tests | head -n 1 || true)"
if [ -z "$jar" ]; then
    echo "adversarial: no jar; build it with scripts/build.sh" >&2
    exit 1
fi
pythons=()
if [ -n "${KRAIT_ADVERSARIAL_PYTHONS:-}" ]; then
    read -r -a pythons <<<"$KRAIT_ADVERSARIAL_PYTHONS"
else
    while read -r minor python; do
        case " $(krait_tested_minors)" in *" $minor "*) pythons+=("$python") ;; esac
    done < <(krait_pythons)
fi
if [ "${#pythons[@]}" -eq 0 ]; then
    echo "adversarial: none of the tested CPythons ($(krait_tested_minors)) found" >&2
    exit 1
fi
args=()
for python in "${pythons[@]}"; do
    args+=(--python "$python")
done
exec "${pythons[0]}" tests/adversarial/run.py --jar "$jar" "${args[@]}" "$@"
