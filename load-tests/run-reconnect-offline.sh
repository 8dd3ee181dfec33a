#!/usr/bin/env bash
# Reconnect after a long offline period: messages and bytes the edge sends when the cloud comes back,
# for devices that reported once per simulated second while it was away. Coalesced state (report)
# should cost per device, whatever the time offline; events (outbox().accept) cost per event.
# The cloud and each scenario's edge run in this script's JVM (separate Vert.x instances).
#
#   load-tests/run-reconnect-offline.sh [devices=1000] [seconds=3600]
#
# Default scenarios, for D devices and S seconds (SCENARIOS to choose others, kind:DEVICESxSECONDS):
#   events:Dx60, events:Dx600, state:Dx60, state:(D/10)xS, state:DxS, paced:Dx600   (60 and 600 capped at S)
#   paced = state, each simulated second applied to the state store before the next (what real time does to the store)
# Environment (all optional):
#   SCENARIOS=state:1000x60,state:1000x3600   TRANSPORT=websocket (or quic)
#   IN_FLIGHT=5000            report futures outstanding while offline (the producer as fast as the store takes them)
#   WORK_DIR=...              (default: a new /tmp/vertedge-reconnect.XXXXXX, kept)
#   JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC"
#   REBUILD=1
# On a shared machine run it under nice: nice -n 10 load-tests/run-reconnect-offline.sh
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-reconnect.XXXXXX)}
mkdir -p "$WORK"
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}
args=("${1:-1000}" "${2:-3600}" --transport "${TRANSPORT:-websocket}" --in-flight "${IN_FLIGHT:-5000}" --work "$WORK")
[[ -n ${SCENARIOS:-} ]] && args+=(--scenarios "$SCENARIOS")
echo "df -T $WORK: $(df -T "$WORK" | tail -1)"
start=$(date +%s)
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.delivery.ReconnectOffline "${args[@]}" \
  2>"$WORK/run.log" | tee "$WORK/results.txt"
rc=${PIPESTATUS[0]}
echo "wall time $(( $(date +%s) - start )) s; results in $WORK/results.txt, log in $WORK/run.log"
exit "$rc"
