#!/usr/bin/env bash
# Publish benchmark (issue 3): validate + publish every fixture schema vs. COPY of the same rows.
# Usage: bench/run-publish.sh [ROUNDS]   (from anywhere; needs ../shared/fixtures beside the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
mkdir -p target/bench-classes
CP="target/classes:$(cat target/bench-cp.txt)"
javac -q -d target/bench-classes -cp "$CP" bench/src/org/felicette/bench/*.java 2>/dev/null \
  || javac -d target/bench-classes -cp "$CP" bench/src/org/felicette/bench/*.java
exec java -Xmx1g -Dlogback.configurationFile=bench/logback.xml -cp "target/bench-classes:$CP" org.felicette.bench.PublishBench ../shared/fixtures "${1:-30}"
