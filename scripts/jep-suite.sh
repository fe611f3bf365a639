#!/usr/bin/env bash
# Runs Jep 4.3.2's own test suite against krait's jar, one JVM per test file.
#   scripts/jep-suite.sh [MINOR...] [-- test_x.py ...]     (MINOR: 311, ...; default: the "test" minors of pythons.txt)
# Downloads Jep's source package once (pip download --no-binary, cached under
# target/jep-suite/), compiles its src/test/java against the krait jar, and runs
# src/test/python through tests/jep_suite/driver.py. The peer's files are used
# as they are. Needs the jar (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh

JEP_VERSION=4.3.2
work="$PWD/target/jep-suite"
src="$work/jep-$JEP_VERSION"
jar="$(ls "$PWD"/java/target/krait-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)"
[ -n "$jar" ] || { echo "no krait jar in java/target: run scripts/build.sh" >&2; exit 1; }
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"

minors=()
files=()
while [ $# -gt 0 ]; do
    case "$1" in
        --) shift; files=("$@"); break ;;
        *) minors+=("$1"); shift ;;
    esac
done
[ ${#minors[@]} -gt 0 ] || read -r -a minors <<<"$(krait_tested_minors)"

host_python="$(krait_pythons | awk 'NR == 1 {print $2}')"
if [ ! -d "$src" ]; then
    mkdir -p "$work"
    "$host_python" -m pip download --quiet --disable-pip-version-check --no-binary jep --no-deps \
        "jep==$JEP_VERSION" -d "$work"
    tar -xzf "$work/jep-$JEP_VERSION.tar.gz" -C "$work"
fi
# Jep's tests run from a built source tree: some write into its build/ folder.
mkdir -p "$src/build"

classes="$work/test-classes"
stamp="$classes/.built-against"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(stat -c %Y "$jar")" ]; then
    rm -rf "$classes"
    mkdir -p "$classes"
    find "$src/src/test/java" -name '*.java' >"$work/sources.txt"
    "$JAVA_HOME/bin/javac" -nowarn -d "$classes" -cp "$jar" @"$work/sources.txt"
    stat -c %Y "$jar" >"$stamp"
fi
classpath="$jar:$classes:$(ls "$src"/src/test/python/lib/*.jar | tr '\n' ':')"

status=0
for minor in "${minors[@]}"; do
    python="$(krait_pythons | awk -v m="$minor" '$1 == m {print $2}')"
    [ -n "$python" ] || { echo "no CPython ${minor:0:1}.${minor:1} found" >&2; exit 1; }
    echo "== Jep $JEP_VERSION suite on CPython ${minor:0:1}.${minor:1} ($python)"
    "$host_python" tests/jep_suite/driver.py --python "$python" --classpath "$classpath" \
        --source "$src" --logs "$work/logs-cp$minor" --java "$JAVA_HOME/bin/java" \
        ${files[@]+"${files[@]}"} || status=1
done
exit $status
