#!/usr/bin/env bash
# Checks the published artifacts that scripts/build.sh produced (issue 14):
#  1. the Maven bundle, deployed to a folder repository (target/bundle-repo) as
#     Maven Central would receive it: jar (<= 8 MB, libkrait for every minor of
#     pythons.txt on linux-x86_64 and linux-aarch64), sources jar (Java only, no
#     natives), javadoc jar, and a POM with name, description, URL, licence, SCM
#     and developers;
#  2. `mvn package` without native libraries fails and says why;
#  3. the natives: GLIBC_ floor 2.17, no RUNPATH, SONAME, stripped, ELF machine
#     matching the platform (scripts/natives/check.sh, readelf -h);
#  4. the aarch64 natives load and run their CPython-free calls under qemu-user
#     (tests/c/aarch64/run.sh);
#  5. the C package: the README's example built with pkg-config, CMake and as
#     C++, and run (tests/c/consumers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pythons.sh
max_jar_bytes=$((8 * 1024 * 1024))
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "-- Maven bundle (deployed to target/bundle-repo)"
rm -rf target/bundle-repo
(cd java && mvn -q -B -DskipTests deploy -DaltDeploymentRepository="local::file://$PWD/../target/bundle-repo")
dir="$(dirname "$(find target/bundle-repo -name 'krait-*.pom' | head -1)")"
[ -d "$dir" ] || fail "nothing deployed to target/bundle-repo"
base="$(basename "$(find "$dir" -name 'krait-*.pom' | head -1)" .pom)"
jar="$dir/$base.jar" sources="$dir/$base-sources.jar" javadoc="$dir/$base-javadoc.jar" pom="$dir/$base.pom"
for file in "$jar" "$sources" "$javadoc" "$pom"; do
    [ -s "$file" ] || fail "the bundle lacks $(basename "$file")"
done
size="$(stat -c %s "$jar")"
[ "$size" -le "$max_jar_bytes" ] || fail "$(basename "$jar") is $size bytes (> 8 MB)"
echo "ok   $(basename "$jar"): $size bytes (<= 8 MB)"
listing="$(unzip -Z1 "$jar")"
for minor in $(krait_minors); do
    for platform in linux-x86_64 linux-aarch64; do
        grep -qx "krait/native/$platform/cp$minor/libkrait.so" <<<"$listing" \
            || fail "the jar lacks krait/native/$platform/cp$minor/libkrait.so"
    done
done
grep -qx "krait/pythons.txt" <<<"$listing" || fail "the jar lacks krait/pythons.txt"
echo "ok   the jar has libkrait for CPython $(krait_minors)on linux-x86_64 and linux-aarch64"
# (listings are read into variables first: grep -q ends early, and pipefail would
# count unzip's SIGPIPE as a failure)
sources_listing="$(unzip -Z1 "$sources")"
javadoc_listing="$(unzip -Z1 "$javadoc")"
others="$(grep -vE '(\.java|/|META-INF/MANIFEST\.MF|META-INF/maven/.*/pom\.(xml|properties))$' <<<"$sources_listing" || true)"
[ -z "$others" ] || fail "the sources jar holds more than Java sources: $(head -5 <<<"$others" | tr '\n' ' ')"
grep -qx "jep/Interpreter.java" <<<"$sources_listing" || fail "the sources jar lacks jep/Interpreter.java"
echo "ok   $(basename "$sources"): $(grep -c '\.java$' <<<"$sources_listing") Java files, nothing else"
grep -qx "jep/Interpreter.html" <<<"$javadoc_listing" || fail "the javadoc jar lacks jep/Interpreter.html"
echo "ok   $(basename "$javadoc")"
python3 - "$pom" <<'PY' || fail "the POM lacks fields Maven Central requires"
import sys
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse(sys.argv[1]).getroot()
required = ["m:name", "m:description", "m:url", "m:licenses/m:license/m:name",
            "m:licenses/m:license/m:url", "m:scm/m:url", "m:scm/m:connection",
            "m:developers/m:developer/m:name"]
missing = [path for path in required if not (root.findtext(path, namespaces=ns) or "").strip()]
if missing:
    print("missing in the POM:", ", ".join(missing), file=sys.stderr)
    sys.exit(1)
if "MIT" not in root.findtext("m:licenses/m:license/m:name", namespaces=ns):
    print("the POM's licence is not MIT (Cargo.toml, LICENSE)", file=sys.stderr)
    sys.exit(1)
print("ok   POM: name, description, url, licence (MIT), scm, developers")
PY
[ -f LICENSE ] && grep -q "MIT License" LICENSE || fail "no MIT LICENSE file at the root"

echo "-- mvn package without native libraries"
if output="$(cd java && mvn -B -DskipTests -Dkrait.natives.dir=/nonexistent package 2>&1)"; then
    fail "mvn package succeeded without native libraries"
fi
grep -q "krait's native libraries are not built" <<<"$output" || fail "mvn package failed without saying the natives are missing"
echo "ok   it fails: krait's native libraries are not built (run scripts/build.sh)"

echo "-- natives"
scripts/natives/check.sh target/jar-natives

echo "-- aarch64 natives under qemu-user"
bash tests/c/aarch64/run.sh target/jar-natives/krait/native

echo "-- C package consumers"
tested="$(krait_tested_minors | awk '{print $NF}')"
bash tests/c/consumers.sh "target/c/cp$tested"
