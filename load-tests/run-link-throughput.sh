#!/usr/bin/env bash
# One link, 1 KiB messages edge->cloud: Vertedge's link next to a raw Vert.x TLS WebSocket with
# the same TLS engine, in one JVM. Usage: load-tests/run-link-throughput.sh [messages] [size] [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
if [ ! -f verticles/target/vertedge.jar ] || [ ! -f load-tests/target/vertedge-load-tests-0.1.0.jar ]; then
  ./mvnw -q -B package -DskipTests
fi
exec java -Xms1g -Xmx1g -XX:+UseParallelGC \
  -cp load-tests/target/vertedge-load-tests-0.1.0.jar:verticles/target/vertedge.jar \
  io.vertedge.load.link.LinkBenchmark "${1:-1000000}" "${2:-1024}" "${3:-3}"
