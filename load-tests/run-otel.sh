#!/usr/bin/env bash
# What the otel push method costs the edge: N virtual devices x P INT properties read and pushed
# every 1 s, first without a push method, then with pushMethod.otel.endpointURL on every property
# (OTLP/HTTP to a receiver in the harness that decodes and counts the data points). One run, one
# edge JVM measured in both phases: CPU (% of one core), heap after a full GC, RSS, points/s.
#
#   load-tests/run-otel.sh [devices=1000] [properties=10]
# Environment (all optional): WINDOW=30 (s of CPU measurement per phase)  SETTLE=20 (s before it)
#   EDGE_JAVA_OPTS="-Xms256m -Xmx512m -XX:+UseSerialGC"  JAVA_OPTS="-Xmx1g"  WORK_DIR=...  REBUILD=1
# Iterate with: WINDOW=10 SETTLE=5 load-tests/run-otel.sh 50 2
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
PROTO_VERSION=$(sed -n 's:.*<opentelemetry.proto.version>\(.*\)</opentelemetry.proto.version>.*:\1:p' "$ROOT/pom.xml")
PROTO_JAR=$HOME/.m2/repository/io/opentelemetry/proto/opentelemetry-proto/$PROTO_VERSION/opentelemetry-proto-$PROTO_VERSION.jar
[[ -f $PROTO_JAR ]] || { echo "missing $PROTO_JAR (./mvnw dependency:get -Dartifact=io.opentelemetry.proto:opentelemetry-proto:$PROTO_VERSION)" >&2; exit 1; }
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-otel.XXXXXX)}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx1g"}
{
  echo "# otel push method: ${1:-1000} devices x ${2:-10} properties, $(date -u +%FT%TZ)"
  echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} | tee "$WORK/results.md"
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR:$PROTO_JAR" io.vertedge.load.otel.OtelExportLoad "${1:-1000}" "${2:-10}" \
  --window "${WINDOW:-30}" --settle "${SETTLE:-20}" --work "$WORK" \
  --edge-java "${EDGE_JAVA_OPTS:-"-Xms256m -Xmx512m -XX:+UseSerialGC"}" 2>"$WORK/run.log" | tee -a "$WORK/results.md"
echo "results in $WORK/results.md, harness log in $WORK/run.log, edge log in $WORK/edge.log"
