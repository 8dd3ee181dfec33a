#!/usr/bin/env bash
# The edge's footprint with the JVM flags we recommend: 100 virtual devices at 1 Hz (collect and
# report every second, reportToCloud), the link to the cloud up, no pushes; RSS, heap and the Native
# Memory Tracking summary (heap, metaspace (Class), code cache, threads, direct buffers under Other).
#
#   load-tests/run-edge-footprint.sh [devices=100] [properties=5] [seconds=60]
#
# Environment (all optional):
#   EDGE_JAVA_OPTS   the flags under test; default those of conf/edge-jvm.options
#   WARMUP=30        seconds between all devices running and the window (the JIT settles)
#   MALLOC_ARENA_MAX=2  (exported to the edge: glibc's malloc arenas)
#   WORK_DIR=...     REBUILD=1
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-footprint.XXXXXX)}
mkdir -p "$WORK"
# the flags of conf/edge-jvm.options (what ./vertedge edge and the image run with), comments dropped
RECOMMENDED=$(sed -e 's/#.*//' "$ROOT/conf/edge-jvm.options" | xargs)
EDGE_JAVA_OPTS="${EDGE_JAVA_OPTS:-$RECOMMENDED}"
# NMT=0: the RSS as deployed (NMT itself takes a few MB); NMT=1 (default): with its breakdown
nmt=()
if [[ ${NMT:-1} == 1 ]]; then
  EDGE_JAVA_OPTS="$EDGE_JAVA_OPTS -XX:NativeMemoryTracking=summary"
  nmt=(--nmt)
fi
# glibc makes up to 8 malloc arenas per core for threads that allocate natively; two are plenty here
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# shellcheck disable=SC2086
java -Xmx512m -XX:+UseSerialGC -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.mappers.MapperLoad \
  "${1:-100}" "${2:-5}" "${3:-60}" --jar "$CLOUD_JAR" --work "$WORK" --push none --warmup "${WARMUP:-30}" "${nmt[@]}" \
  --edge-java "$EDGE_JAVA_OPTS" 2>"$WORK/harness.log" | tee "$WORK/results.txt"
rc=${PIPESTATUS[0]}
echo "results in $WORK/results.txt (NMT in full: $WORK/nmt.txt); logs: $WORK/edge.log, $WORK/harness.log"
exit "$rc"
