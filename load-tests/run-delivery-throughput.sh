#!/usr/bin/env bash
# Accepted, durable edge->cloud events over one link, WebSocket then QUIC: events accepted/s and
# acknowledged/s, latency from the accept call to durable at the edge and to the cloud's ack.
# The cloud runs in this script's JVM, the edge + producer in a second one (ONE_JVM=1: both in one).
#
#   load-tests/run-delivery-throughput.sh [messages=1000000] [rounds=3]
#
# Environment (all optional):
#   TRANSPORTS=websocket,quic   WINDOWS=accepted,acked   IN_FLIGHT=2000 (accepts outstanding)   PAYLOAD=256 (content bytes)
#   WARMUP=200000 WARMUP_SECONDS=30  (warm-up runs of WARMUP events until WARMUP_SECONDS passed, per window)
#   WORK_DIR=...  (default: a new /tmp/vertedge-delivery.XXXXXX, kept)
#   CLOUD_JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC"   EDGE_JAVA_OPTS= same
#   ONE_JVM=1                   PROFILE=1 (JFR of the measured rounds in both JVMs, summarised at the end)
#   REBUILD=1
# On a shared machine run it under nice: nice -n 19 load-tests/run-delivery-throughput.sh
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-delivery.XXXXXX)}
CLOUD_JAVA_OPTS=${CLOUD_JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}
EDGE_JAVA_OPTS=${EDGE_JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}
args=("${1:-1000000}" "${2:-3}" --transports "${TRANSPORTS:-websocket,quic}" --windows "${WINDOWS:-accepted,acked}" --in-flight "${IN_FLIGHT:-2000}"
      --payload "${PAYLOAD:-256}" --work "$WORK" --edge-java "$EDGE_JAVA_OPTS")
[[ -n ${WARMUP:-} ]] && args+=(--warmup "$WARMUP")
[[ -n ${WARMUP_SECONDS:-} ]] && args+=(--warmup-seconds "$WARMUP_SECONDS")
[[ ${ONE_JVM:-0} == 1 ]] && args+=(--one-jvm)
[[ ${PROFILE:-0} == 1 ]] && args+=(--profile)
echo "df -T $WORK: $(df -T "$WORK" | tail -1)"
start=$(date +%s)
# shellcheck disable=SC2086
java $CLOUD_JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.delivery.DeliveryBenchmark "${args[@]}" \
  2>"$WORK/cloud.log" | tee "$WORK/results.txt"
rc=${PIPESTATUS[0]}
echo "wall time $(( $(date +%s) - start )) s; results in $WORK/results.txt, logs in $WORK/*.log"
exit "$rc"
