#!/usr/bin/env bash
# Builds and runs the consumers of the jar as a user's project would: the Gradle
# build in gradle/ (Groovy DSL, Gradle 4.4+) and the Kotlin build in kotlin/
# (kotlin-maven-plugin). The jar (java/target, from scripts/build.sh) is deployed
# into the repository folder target/consumer-repo, never into ~/.m2; the Kotlin
# build resolves into a local repository of its own for the same reason
# (~/.cache/krait/consumer-m2, or KRAIT_CONSUMER_M2).
# It also runs the jar as a program (java -jar krait.jar script.py, its Main-Class
# jep.Run) and an application module with krait on the module path (tests/modular).
# Usage: scripts/consumers.sh [python]   (the CPython to embed; default: krait finds one)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
repo="$root/target/consumer-repo"
python="${1:-}"

jar=$(ls java/target/krait-*.jar | grep -v -e sources -e javadoc | head -1)
echo "== deploy $jar into $repo"
rm -rf "$repo"
(cd java && mvn -q -B deploy:deploy-file -Dfile="$root/$jar" -DpomFile=pom.xml \
    -DrepositoryId=krait-local -Durl="file://$repo")

echo "== the README's Groovy snippet is gradle/build.gradle"
awk '/^```groovy$/ {inside = 1; next} inside && /^```$/ {exit} inside' README.md | diff - gradle/build.gradle

echo "== Gradle consumer (gradle/, $(gradle --version 2>/dev/null | awk '/^Gradle /{print $2}'))"
gradle_args=(-q --no-daemon -p gradle -PkraitRepo="$repo" --project-cache-dir "$root/target/gradle-cache" clean run)
if [ -n "$python" ]; then
    gradle_args+=(-PkraitPython="$python")
fi
gradle "${gradle_args[@]}"

echo "== Kotlin consumer (kotlin/)"
# A local repository of its own (kept between runs, outside ~/.m2), without any older krait.
m2="${KRAIT_CONSUMER_M2:-${XDG_CACHE_HOME:-$HOME/.cache}/krait/consumer-m2}"
rm -rf "$m2/dev/krait"
(cd kotlin && mvn -q -B -Dmaven.repo.local="$m2" -Dkrait.repo="$repo" package \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
java_args=(-Xcheck:jni -cp "kotlin/target/classes:$(cat kotlin/target/classpath.txt)")
if [ -n "$python" ]; then
    java_args+=(-Dkrait.python="$python")
fi
java "${java_args[@]}" consumer.KotlinAppKt

echo "== Kotlin sees jep's nullability: kotlin/src/nullness must not compile"
if (cd kotlin && mvn -q -B -Dmaven.repo.local="$m2" -Dkrait.repo="$repo" -Pnullness compile) >target/nullness.log 2>&1; then
    echo "kotlin/src/nullness compiled: the jep API's @Nullable returns are not seen by Kotlin" >&2
    exit 1
fi
grep -q "NullnessCheck.kt.*expected 'String', actual 'String?'" target/nullness.log || {
    cat target/nullness.log >&2
    exit 1
}
echo "refused as expected: $(grep -o "NullnessCheck.kt.*String?'." target/nullness.log | head -1)"

java_python=()
if [ -n "$python" ]; then
    java_python=(-Dkrait.python="$python")
fi

echo "== java -jar $jar script.py (Main-Class jep.Run)"
script="$root/target/consumer-script.py"
printf 'import sys\nfrom java.lang import System\nprint("java -jar:", sys.argv[1:], System.getProperty("java.vm.name") is not None)\n' >"$script"
output=$(java -Xcheck:jni "${java_python[@]}" -jar "$jar" "$script" one two)
echo "$output"
[ "$output" = "java -jar: ['one', 'two'] True" ] || { echo "unexpected output of java -jar" >&2; exit 1; }

echo "== module path: tests/modular (module demo.app requires dev.krait)"
modular="$root/target/modular"
rm -rf "$modular"
javac -d "$modular" --module-path "$jar" $(find tests/modular -name '*.java')
java -Xcheck:jni "${java_python[@]}" --module-path "$jar:$modular" -m demo.app/demo.app.ModularApp
