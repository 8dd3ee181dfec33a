#!/usr/bin/env bash
# A desired value's way down, end to end: PUT .../twins/{property}/desired on the cloud API ->
# the MQTT delta at a subscriber of the edge's broker. Cloud and edge run in this script's JVM.
#
#   load-tests/run-desired-latency.sh [devices=1000] [updates/s=1000] [seconds=30]
# Environment (all optional): WARMUP=20 (s; the JIT settles)  TRANSPORT=websocket|quic  WORK_DIR=...
#   REBUILD=1  JAVA_OPTS (default: the flags of conf/cloud-jvm.options with a fixed 1 GiB heap)
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-desired.XXXXXX)}
mkdir -p "$WORK"
JAVA_OPTS=${JAVA_OPTS:-"$(sed -e 's/#.*//' "$ROOT/conf/cloud-jvm.options" | xargs) -Xms1g -Xmx1g"}
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.delivery.DesiredLatency "${1:-1000}" "${2:-1000}" "${3:-30}" \
  --warmup "${WARMUP:-20}" --transport "${TRANSPORT:-websocket}" --work "$WORK" 2>"$WORK/run.log" | tee "$WORK/results.txt"
echo "results in $WORK/results.txt, log in $WORK/run.log"
