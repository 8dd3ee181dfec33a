#!/usr/bin/env bash
# Link-up times per transport: real `vertedge cloud` and `vertedge edge` processes; for each
# transport and round a cold join (token), a warm start (certificate on disk) and a cloud restart
# under the running edge, each measured to the edge's `link up`. Prints a table with the
# conditions (cores, JDK, load). Details: load-tests/README.md "Link-up times".
#
#   load-tests/run-link-up-times.sh [ROUNDS]          # default 5 rounds; ~4 minutes for 2 transports
#
# Environment (all optional):
#   TRANSPORTS=websocket,quic   add auto: TRANSPORTS=websocket,quic,auto
#   JAVA_OPTS=                  JVM options for every cloud and edge process (default: none, as `java -jar`)
#   WORK_DIR=...                logs and data (default: a new /tmp/vertedge-linkup.XXXXXX)
#   REBUILD=1                   rebuild even when the jars exist
# Every process it starts is stopped by pid at the end; every wait has a deadline.
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"

ROUNDS=${1:-5}
TRANSPORTS=${TRANSPORTS:-websocket,quic}
JAVA_OPTS=${JAVA_OPTS:-}

WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-linkup.XXXXXX)}
mkdir -p "$WORK"

log() { printf '%(%H:%M:%S)T run-link-up-times: %s\n' -1 "$*"; }

build_jars_if_stale

log "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; work dir $WORK"
exec java -Xmx256m -Dclk.tck="$(getconf CLK_TCK)" -cp "$LOAD_JAR" io.vertedge.load.linkup.LinkUpTimes --jar "$CLOUD_JAR" \
  --transports "$TRANSPORTS" --rounds "$ROUNDS" --work "$WORK" --java-opts "$JAVA_OPTS"
