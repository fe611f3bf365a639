#!/usr/bin/env bash
# README command 1: builds everything (libkrait for each CPython 3.10-3.13 and
# the jar), then runs the demo as a plain `java -cp krait.jar:demo App`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
jar=$(ls java/target/krait-*.jar | grep -v -e sources -e javadoc -e tests | head -n 1)
mkdir -p target/demo
javac -d target/demo -cp "$jar" demo/demo/Demo.java
echo "== demo: java -cp $jar:target/demo demo.Demo"
java -cp "$jar:target/demo" demo.Demo
