#!/usr/bin/env bash
# An external mapper reporting N devices every second over DMI: N devices of protocol loadproto
# created through the cloud API, a Vert.x gRPC client on the edge's DMI Unix socket registers a
# mapper for loadproto and sends ReportDeviceStatus for every device every second (N calls/s, paced
# evenly, at most IN_FLIGHT unanswered), one device in a hundred also ReportDeviceStates. The cloud
# and the mapper run in the harness's JVM, the edge is `vertedge edge` from the fat jar in its own
# JVM. Prints calls/s sent and answered OK (OK = durable on the edge), failures by gRPC status,
# latency, edge CPU %, heap, RSS, and how fresh the cloud's twins are mid-window.
#
#   load-tests/run-dmi.sh [devices=1000] [seconds=60]
#
# Environment (all optional):
#   IN_FLIGHT=256         calls unanswered at most (the edge allows 256 streams per mapper connection)
#   WARMUP=10             seconds of load before the window
#   EDGE_JAVA_OPTS="-Xmx512m -XX:+UseSerialGC"   HARNESS_JAVA_OPTS="-Xmx1g -XX:+UseParallelGC"
#   WORK_DIR=...          (default: a new /tmp/vertedge-dmi.XXXXXX, kept)   REBUILD=1
# On a shared machine run it under nice: nice -n 19 load-tests/run-dmi.sh
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-dmi.XXXXXX)}
mkdir -p "$WORK"
HARNESS_JAVA_OPTS=${HARNESS_JAVA_OPTS:-"-Xmx1g -XX:+UseParallelGC"}
EDGE_JAVA_OPTS=${EDGE_JAVA_OPTS:-"-Xmx512m -XX:+UseSerialGC"}
# shellcheck disable=SC2086
java $HARNESS_JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.dmi.DmiLoad "${1:-1000}" "${2:-60}" \
  --jar "$CLOUD_JAR" --work "$WORK" --warmup "${WARMUP:-10}" --in-flight "${IN_FLIGHT:-256}" \
  --edge-java "$EDGE_JAVA_OPTS" 2>"$WORK/harness.log" | tee "$WORK/results.txt"
rc=${PIPESTATUS[0]}
echo "results in $WORK/results.txt; logs: $WORK/edge.log (edge), $WORK/harness.log (cloud and mapper)"
exit "$rc"
