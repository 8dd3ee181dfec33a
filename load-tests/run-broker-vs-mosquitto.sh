#!/usr/bin/env bash
# The edge's embedded MQTT broker against a real mosquitto in the same run (issue 12): both in their
# own processes on free ports, the same load against each, alternating, medians of the rounds.
# Scenarios: a Java load generator (raw Netty MQTT) at QoS 0 and 1, 1 -> 1 and 1 -> 100 fan-out,
# and the acceptance run with Mosquitto's own C clients (mosquitto_pub -l -> mosquitto_sub -C, QoS 0).
#
#   load-tests/run-broker-vs-mosquitto.sh [rounds=3]
#
# Environment (all optional):
#   MESSAGES=500000 (1 -> 1)   FANOUT_MESSAGES=10000   SUBSCRIBERS=100   C_MESSAGES=500000
#   WINDOW=500 (published and not yet at the slowest subscriber)   INFLIGHT=1000 (QoS 1 unacknowledged)
#   SCENARIOS=q0-1,q1-1,q0-fan,q1-fan,c   SUB_THREADS=1   NO_WARMUP=1
#   BROKER_JAVA_OPTS=""  (the embedded broker's JVM; default: the JVM's defaults, as `java -jar` runs the edge)
#   GENERATOR_JAVA_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC"
#   WORK_DIR=...  (default: a new /tmp/vertedge-broker-bench.XXXXXX, kept: mosquitto.conf, logs, results.txt)
#   REBUILD=1
# Needs /usr/sbin/mosquitto, /usr/bin/mosquitto_pub and mosquitto_sub (Debian: mosquitto, mosquitto-clients).
# On a shared machine run it under nice: nice -n 10 load-tests/run-broker-vs-mosquitto.sh
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"
for tool in /usr/sbin/mosquitto /usr/bin/mosquitto_pub /usr/bin/mosquitto_sub; do
  [[ -x $tool ]] || { echo "missing $tool (Debian packages mosquitto and mosquitto-clients)" >&2; exit 2; }
done
build_jars_if_stale
WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-broker-bench.XXXXXX)}
mkdir -p "$WORK"
GENERATOR_JAVA_OPTS=${GENERATOR_JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC"}
args=(--rounds "${1:-3}" --messages "${MESSAGES:-500000}" --fanout-messages "${FANOUT_MESSAGES:-10000}"
      --subscribers "${SUBSCRIBERS:-100}" --c-messages "${C_MESSAGES:-500000}" --window "${WINDOW:-500}"
      --inflight "${INFLIGHT:-1000}" --scenarios "${SCENARIOS:-q0-1,q1-1,q0-fan,q1-fan,c}"
      --sub-threads "${SUB_THREADS:-1}" --work "$WORK" --broker-java "${BROKER_JAVA_OPTS:-}")
[[ ${NO_WARMUP:-0} == 1 ]] && args+=(--no-warmup)
echo "nice: $(nice); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
# shellcheck disable=SC2086
java $GENERATOR_JAVA_OPTS -cp "$LOAD_JAR:$CLOUD_JAR" io.vertedge.load.broker.BrokerVsMosquitto "${args[@]}" \
  2>"$WORK/generator.log" | tee "$WORK/results.txt"
rc=${PIPESTATUS[0]}
echo "wall time $(( $(date +%s) - start )) s; results in $WORK/results.txt, logs in $WORK/*.log"
exit "$rc"
