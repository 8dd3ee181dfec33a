#!/bin/sh
# The image's entry point: java with the flags for the command. VERTEDGE_JAVA_OPTS, when not
# empty, are the JVM flags; otherwise an edge runs with /etc/vertedge/edge-jvm.options (the flags
# measured in BENCHMARKS.md "Edge footprint"; docs/small-gateway.md), the cloud with
# /etc/vertedge/cloud-jvm.options (BENCHMARKS.md "Desired value") and anything else with a small heap.
set -e
jar=/opt/vertedge/vertedge.jar
if [ -n "${VERTEDGE_JAVA_OPTS:-}" ]; then
  # shellcheck disable=SC2086
  exec java $VERTEDGE_JAVA_OPTS -jar "$jar" "$@"
elif [ "${1:-}" = edge ]; then
  # glibc makes up to 8 malloc arenas per core for the threads that allocate natively; two are plenty
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  exec java @/etc/vertedge/edge-jvm.options -jar "$jar" "$@"
elif [ "${1:-}" = cloud ]; then
  exec java @/etc/vertedge/cloud-jvm.options -jar "$jar" "$@"
fi
exec java -XX:+UseSerialGC -XX:MaxRAMPercentage=60 -Xss512k -jar "$jar" "$@"
