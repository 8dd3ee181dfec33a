#!/usr/bin/env bash
# A desired value's way down, end to end: PUT .../twins/{property}/desired on the cloud API ->
# the MQTT delta at a subscriber of the edge's broker. Cloud and edge run in this script's JVM.
#
#   load-tests/run-desired-latency.sh [devices=1000] [updates/s=1000] [seconds=30]
# Environment (all optional): WARMUP=20 (s; the JIT settles)  TRANSPORT=websocket|quic  WORK_DIR=...
#   RUNS=1 (runs of the same build differ by up to 2x at the tail on a shared machine: RUNS=5 reports
#   each run and the median p99)  REBUILD=1  JAVA_OPTS (default: the flags of conf/cloud-jvm.options
#   with a fixed 1 GiB heap)
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-desired.XXXXXX)}
RUNS=${RUNS:-1}
JAVA_OPTS=${JAVA_OPTS:-"$(sed -e 's/#.*//' "$ROOT/conf/cloud-jvm.options" | xargs) -Xms1g -Xmx1g"}
p99s=()
for run in $(seq 1 "$RUNS"); do
  # each run starts from an empty store: a cloud finding devices it already holds refuses to create them
  dir=$WORK
  [ "$RUNS" -gt 1 ] && dir=$WORK/run-$run
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.delivery.DesiredLatency "${1:-1000}" "${2:-1000}" "${3:-30}" \
    --warmup "${WARMUP:-20}" --transport "${TRANSPORT:-websocket}" --work "$dir" 2>"$dir/run.log" | tee "$dir/results.txt"
  p99s+=("$(sed -n 's/^latency ms:.* p99 \([0-9.]*\) .*/\1/p' "$dir/results.txt")")
  echo "results in $dir/results.txt, log in $dir/run.log"
done
if [ "$RUNS" -gt 1 ]; then
  printf '%s\n' "${p99s[@]}" | sort -n | awk -v runs="$RUNS" '{ v[NR] = $1 } END {
    printf "p99 over %d runs (ms): min %s  median %s  max %s\n", runs, v[1], v[int((NR + 1) / 2)], v[NR] }'
fi
