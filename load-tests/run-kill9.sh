#!/usr/bin/env bash
# The delivery promise under SIGKILL: N trials of an edge JVM that links, accepts a random number
# of events and is killed with kill -9 (one edge data dir across trials, the cloud started once in
# the harness's JVM), then a drain; every accepted event must reach the cloud exactly once.
#
#   load-tests/run-kill9.sh [trials=100]
#
# Environment (all optional):
#   TRANSPORT=alternate      websocket, quic, or alternate (odd trials WebSocket, even QUIC)
#   MAX_ACCEPTS=10000        each trial waits for 1..MAX_ACCEPTS accepted events (random) before the kill
#   RATE=10000               the edge's producer accepts at most RATE events/s (0: as fast as it can)
#   CDS=1                    first dump the edge's classes (-XX:ArchiveClassesAtExit) and start every trial's edge
#                            with that archive: about half the start-up time (CDS=0: plain JVMs)
#   SEED=1                   WORK_DIR=... (default: a new /tmp/vertedge-kill9.XXXXXX, kept)
#   EDGE_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m"
#   HARNESS_JAVA_OPTS="-Xmx1g -XX:+UseSerialGC"      (the cloud's and harness's JVM)
#   REBUILD=1
# On a shared machine run it under nice: nice -n 19 load-tests/run-kill9.sh
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-kill9.XXXXXX)}
HARNESS_JAVA_OPTS=${HARNESS_JAVA_OPTS:-"-Xmx1g -XX:+UseSerialGC"}
EDGE_JAVA_OPTS=${EDGE_JAVA_OPTS:-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m"}
CDS_FLAG=$([[ ${CDS:-1} == 1 ]] && echo true || echo false)
echo "df -T $WORK: $(df -T "$WORK" | tail -1)"
# shellcheck disable=SC2086
java $HARNESS_JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.delivery.Kill9Harness "${1:-100}" \
  --transport "${TRANSPORT:-alternate}" --max-accepts "${MAX_ACCEPTS:-10000}" --rate "${RATE:-10000}" \
  --seed "${SEED:-1}" --cds "$CDS_FLAG" --work "$WORK" --edge-java "$EDGE_JAVA_OPTS" 2>"$WORK/cloud.log" | tee "$WORK/results.txt"
rc=${PIPESTATUS[0]}
echo "results in $WORK/results.txt; cloud log $WORK/cloud.log, each edge's stderr in $WORK/edge-<trial>.err"
exit "$rc"
