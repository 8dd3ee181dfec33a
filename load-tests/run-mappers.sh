#!/usr/bin/env bash
# The edge's built-in mappers under load: N virtual devices x P properties, collect and report every
# 1 s, reportToCloud, half the properties pushing over HTTP to a receiver in the harness, half over
# MQTT to the edge's broker (the harness subscribes). The cloud runs in the harness's JVM, the edge
# is `vertedge edge` from the fat jar in its own JVM. Prints edge CPU %, heap, RSS, pushes/s and their
# latency p99 (receipt - the reading's time in the payload), twin reports/s durable in the cloud.
#
#   load-tests/run-mappers.sh [devices=1000] [properties=10] [seconds=60]
#
# Environment (all optional):
#   PUSH=http,mqtt        http, mqtt, http,mqtt (alternating per property) or none
#   PUSH_EXTRA='{}'       JSON merged into every pushMethod.http/.mqtt entry (e.g. a JSON payload option)
#   WARMUP=10             seconds between all devices running and the window
#   EDGE_JAVA_OPTS="-Xmx512m -XX:+UseSerialGC"   HARNESS_JAVA_OPTS="-Xmx1g -XX:+UseParallelGC"
#   NMT=1                 add -XX:NativeMemoryTracking=summary to the edge and print jcmd VM.native_memory summary
#   WORK_DIR=...          (default: a new /tmp/vertedge-mappers.XXXXXX, kept)   REBUILD=1
# On a shared machine run it under nice: nice -n 19 load-tests/run-mappers.sh
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-mappers.XXXXXX)}
mkdir -p "$WORK"
HARNESS_JAVA_OPTS=${HARNESS_JAVA_OPTS:-"-Xmx1g -XX:+UseParallelGC"}
EDGE_JAVA_OPTS=${EDGE_JAVA_OPTS:-"-Xmx512m -XX:+UseSerialGC"}
args=("${1:-1000}" "${2:-10}" "${3:-60}" --jar "$CLOUD_JAR" --work "$WORK" --push "${PUSH:-http,mqtt}"
      --push-extra "${PUSH_EXTRA:-{\}}" --warmup "${WARMUP:-10}")
if [[ ${NMT:-0} == 1 ]]; then
  EDGE_JAVA_OPTS="$EDGE_JAVA_OPTS -XX:NativeMemoryTracking=summary"
  args+=(--nmt)
fi
args+=(--edge-java "$EDGE_JAVA_OPTS")
# shellcheck disable=SC2086
java $HARNESS_JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.mappers.MapperLoad "${args[@]}" \
  2>"$WORK/harness.log" | tee "$WORK/results.txt"
rc=${PIPESTATUS[0]}
echo "results in $WORK/results.txt; logs: $WORK/edge.log (edge), $WORK/harness.log (cloud and receiver)"
exit "$rc"
