#!/usr/bin/env bash
# Idle-links benchmark: N simulated edges (own JVM) hold WebSocket or QUIC links with heartbeats
# to one `vertedge cloud` (own JVM); measures the cloud's heap after GC, RSS and idle CPU per link.
#
#   load-tests/run-idle-links.sh [N]            # default N=10000
#   TRANSPORT=quic load-tests/run-idle-links.sh 5000
#
# Environment (all optional):
#   TRANSPORT=websocket   websocket or quic: the transport every simulated edge uses
#   RATE=400              connects per second (TLS handshakes cost CPU on both sides)
#   MAX_INFLIGHT=128      handshakes in flight at most
#   HEARTBEAT=15s         edge ping interval (the cloud's link.heartbeatInterval too); the cloud's
#                         and the simulator's link.quicIdleTimeout are set to 4 x HEARTBEAT
#   QUIC_SOCKETS=4        (quic) UDP sockets of the simulator, one per event loop it uses
#   SETTLE=35             seconds to let the links settle after all are up (>= 2 heartbeats)
#   CPU_WINDOW=60         seconds over which the cloud's idle CPU is measured
#   CLOUD_JAVA_OPTS="-Xmx1g -XX:+UseSerialGC"
#   SIM_JAVA_OPTS="-Xmx3g -XX:+UseParallelGC"
#   WORK_DIR=...          where logs, data and results go (default: a new /tmp/vertedge-idle.XXXXXX)
#   REBUILD=1             rebuild even when the jars exist
# Everything listens on 127.0.0.1; every wait has a deadline; both JVMs are stopped with SIGTERM
# at the end and the cloud must exit 0.
set -euo pipefail
# shellcheck source=jars.sh
source "$(dirname "$0")/jars.sh"

N=${1:-10000}
TRANSPORT=${TRANSPORT:-websocket}
RATE=${RATE:-400}
MAX_INFLIGHT=${MAX_INFLIGHT:-128}
HEARTBEAT=${HEARTBEAT:-15s}
SETTLE=${SETTLE:-35}
CPU_WINDOW=${CPU_WINDOW:-60}
CLOUD_JAVA_OPTS=${CLOUD_JAVA_OPTS:-"-Xmx1g -XX:+UseSerialGC"}
SIM_JAVA_OPTS=${SIM_JAVA_OPTS:-"-Xmx3g -XX:+UseParallelGC"}
QUIC_SOCKETS=${QUIC_SOCKETS:-4}

WORK=${WORK_DIR:-$(mktemp -d /tmp/vertedge-idle-"$TRANSPORT".XXXXXX)}
mkdir -p "$WORK"
DATA=$WORK/cloud
CLOUD_PID=""
SIM_PID=""

log() { printf '%(%H:%M:%S)T run-idle-links: %s\n' -1 "$*"; }
die() { log "FAILED: $*"; exit 1; }

[[ $TRANSPORT == websocket || $TRANSPORT == quic ]] || die "TRANSPORT must be websocket or quic, not '$TRANSPORT'"
to_ms() {   # 500ms, 15s, 1.5s, 2m -> milliseconds
  case $1 in
    *ms) echo "${1%ms}" ;;
    *s) awk -v v="${1%s}" 'BEGIN {printf "%d\n", v * 1000}' ;;
    *m) awk -v v="${1%m}" 'BEGIN {printf "%d\n", v * 60000}' ;;
    *) die "HEARTBEAT '$1' is not a duration like 15s, 500ms or 1m" ;;
  esac
}
# QUIC closes a connection silent for link.quicIdleTimeout; the cloud refuses a value not above
# heartbeatInterval x heartbeatMisses (3), so it follows HEARTBEAT (it listens on QUIC either way).
QUIC_IDLE_MS=$(( $(to_ms "$HEARTBEAT") * 4 ))

cleanup() {
  # Only the two processes this script started, by pid.
  for pid in $SIM_PID $CLOUD_PID; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  sleep 2
  for pid in $SIM_PID $CLOUD_PID; do
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}
trap cleanup EXIT

# --- build -----------------------------------------------------------------------------------
build_jars_if_stale

# --- limits ----------------------------------------------------------------------------------
# WebSocket: one descriptor per link on each side; QUIC: one UDP socket per simulator socket.
want=$((N + 1024))
hard=$(ulimit -Hn)
if [[ $hard != unlimited && $hard -lt $want ]]; then
  want=$hard
fi
ulimit -n "$want" 2>/dev/null || true
if [[ $TRANSPORT == websocket ]]; then
  (( $(ulimit -n) >= N + 256 )) || die "open-file limit $(ulimit -n) is below N + 256 = $((N + 256)); each JVM needs one descriptor per link"
fi

CLK_TCK=$(getconf CLK_TCK)
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime + stime (fields 14, 15)
all_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }   # busy ticks of the machine
thread_ticks() {   # "<tid> <ticks> <name>" for every thread of a process
  for t in /proc/"$1"/task/*; do
    [[ -r $t/stat ]] || continue
    printf '%s %s %s\n' "${t##*/}" "$(sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}')" "$(tr ' ' '_' <"$t/comm")"
  done 2>/dev/null
}
busiest() {   # busiest threads between two thread_ticks files over $3 ms: "name pct %, ..."
  awk -v hz="$CLK_TCK" -v ms="$3" 'FNR == NR {a[$1] = $2; next}
    {d = $2 - a[$1]; if (d > 0) printf "%s %.1f\n", $3, 100 * d / hz / (ms / 1000)}' "$1" "$2" \
    | sort -k2,2nr | head -3 | awk '{printf "%s%s %s %%", (NR > 1 ? ", " : ""), $1, $2}'
}
heap_rss_kb() {   # resident KB of the Java heap's address range (from GC.heap_info), the rest of the RSS is native
  local range lo hi
  range=$(jcmd "$1" GC.heap_info | sed '/Metaspace/,$d' | grep -o '0x[0-9a-f]*' | sort | sed -n '1p;$p' | tr '\n' ' ')
  read -r lo hi <<<"$range"
  [[ -n $lo && -n $hi ]] || { echo 0; return; }
  lo=$((lo)); hi=$((hi))
  awk '/^[0-9a-f]+-[0-9a-f]+ / {split($1, r, "-"); s = r[1]; e = r[2]; next} /^Rss:/ {print s, e, $2}' "/proc/$1/smaps" \
    | while read -r s e k; do if (( 16#$s < hi && 16#$e > lo )); then echo "$k"; fi; done | awk '{t += $1} END {print t + 0}'
}
nmt() {   # native memory summary when the cloud runs with -XX:NativeMemoryTracking
  if [[ $CLOUD_JAVA_OPTS == *NativeMemoryTracking* ]]; then jcmd "$CLOUD_PID" VM.native_memory summary >"$1" 2>&1 || true; fi
}
heap_used_kb() {   # S0U + S1U + EU + OU from jstat -gc, whatever the collector
  jstat -gc "$1" | awk 'NR==1 {for (i = 1; i <= NF; i++) col[$i] = i}
                        NR==2 {printf "%.0f\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]}'
}
full_gc() { jcmd "$1" GC.run >/dev/null; sleep 2; }
metric_links() {
  curl -sf --max-time 5 "$API/metrics" | awk -v t="$TRANSPORT" '$1 == "vertedge_links_connected{transport=\"" t "\"}" {printf "%.0f\n", $2; f=1} END {if (!f) print 0}'
}
api_connected() {
  curl -sf --max-time 20 "$API/api/v1/nodes" | grep -o '"connected":true' | wc -l
}

# --- the cloud -------------------------------------------------------------------------------
log "work dir $WORK; N=$N transport=$TRANSPORT rate=$RATE/s heartbeat=$HEARTBEAT (QUIC idle timeout ${QUIC_IDLE_MS} ms) cloud JVM: $CLOUD_JAVA_OPTS"
log "load before start: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min); $(nproc) cores"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086
java $CLOUD_JAVA_OPTS -jar "$CLOUD_JAR" cloud --data-dir "$DATA" \
  --set api.host=127.0.0.1 --set api.port=0 --set join.host=127.0.0.1 --set join.port=0 \
  --set link.host=127.0.0.1 --set link.websocketPort=0 --set link.quicPort=0 \
  --set link.heartbeatInterval="$HEARTBEAT" --set link.quicIdleTimeout="${QUIC_IDLE_MS}ms" \
  >"$WORK/cloud.log" 2>&1 &
CLOUD_PID=$!
for _ in $(seq 1 120); do
  [[ -s $DATA/endpoints.json ]] && break
  kill -0 "$CLOUD_PID" 2>/dev/null || die "the cloud exited during start-up (see $WORK/cloud.log)"
  sleep 0.5
done
[[ -s $DATA/endpoints.json ]] || die "no endpoints.json after 60 s"
API=$(sed -n 's/.*"api" *: *"\([^"]*\)".*/\1/p' "$DATA/endpoints.json")
log "cloud pid $CLOUD_PID, api $API"
sleep 5
full_gc "$CLOUD_PID"
jcmd "$CLOUD_PID" GC.class_histogram >"$WORK/histogram-baseline.txt"
BASE_HEAP_KB=$(heap_used_kb "$CLOUD_PID")
BASE_RSS_KB=$(rss_kb "$CLOUD_PID")
BASE_HEAP_RSS_KB=$(heap_rss_kb "$CLOUD_PID")
nmt "$WORK/nmt-baseline.txt"
log "baseline: heap used after GC ${BASE_HEAP_KB} KB, RSS ${BASE_RSS_KB} KB"

# --- the simulator ---------------------------------------------------------------------------
CONNECT_DEADLINE=$(( N / RATE * 4 + 180 ))
SIM_START=$(date +%s%N)
CONNECT_T0=$(cpu_ticks "$CLOUD_PID")
thread_ticks "$CLOUD_PID" >"$WORK/threads-connect-0.txt"
# shellcheck disable=SC2086
java $SIM_JAVA_OPTS -cp "$CLOUD_JAR:$LOAD_JAR" io.vertedge.load.idle.IdleEdgeSimulator \
  --cloud-data "$DATA" --links "$N" --rate "$RATE/s" --heartbeat "$HEARTBEAT" --transport "$TRANSPORT" \
  --quic-sockets "$QUIC_SOCKETS" --quic-idle-timeout "${QUIC_IDLE_MS}ms" \
  --max-inflight "$MAX_INFLIGHT" --hold 0 --progress 10s \
  --lifetime "$(( CONNECT_DEADLINE + SETTLE + CPU_WINDOW + 600 ))s" \
  >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
log "simulator pid $SIM_PID; waiting up to ${CONNECT_DEADLINE}s for $N links"
up=0
deadline=$(( $(date +%s) + CONNECT_DEADLINE ))
while (( $(date +%s) < deadline )); do
  up=$(metric_links || echo 0)
  (( up >= N )) && break
  kill -0 "$SIM_PID" 2>/dev/null || die "the simulator exited (see $WORK/sim.log)"
  kill -0 "$CLOUD_PID" 2>/dev/null || die "the cloud exited (see $WORK/cloud.log)"
  sleep 2
done
CLOUD_SEEN_MS=$(( ($(date +%s%N) - SIM_START) / 1000000 ))
CONNECT_T1=$(cpu_ticks "$CLOUD_PID")
thread_ticks "$CLOUD_PID" >"$WORK/threads-connect-1.txt"
(( up >= N )) || die "only $up of $N links up after ${CONNECT_DEADLINE}s (see $WORK/sim.log)"
for _ in $(seq 1 30); do grep -q ALL_CONNECTED "$WORK/sim.log" && break; sleep 1; done
SIM_CONNECT_MS=$(sed -n 's/.*ALL_CONNECTED.*connect_ms=\([0-9]*\).*/\1/p' "$WORK/sim.log" | head -1)
SIM_FAILURES=$(sed -n 's/.*ALL_CONNECTED.*failures=\([0-9]*\).*/\1/p' "$WORK/sim.log" | head -1)
MINT_MS=$(sed -n 's/.*minted [0-9]* node certificates.* in \([0-9]*\) ms.*/\1/p' "$WORK/sim.log" | head -1)
# the cloud's CPU while the links came up (from the first dial, after the simulator minted its certificates)
CONNECT_MS=$(( CLOUD_SEEN_MS - ${MINT_MS:-0} )); (( CONNECT_MS > 0 )) || CONNECT_MS=$CLOUD_SEEN_MS
CONNECT_THREADS=$(busiest "$WORK/threads-connect-0.txt" "$WORK/threads-connect-1.txt" "$CONNECT_MS")
CONNECT_CPU_PCT=$(awk -v d=$((CONNECT_T1 - CONNECT_T0)) -v hz="$CLK_TCK" -v ms="$CLOUD_SEEN_MS" -v c="${MINT_MS:-0}" \
  'BEGIN {s = (ms - c) / 1000; if (s <= 0) s = ms / 1000; printf "%.0f", 100 * d / hz / s}')
log "$N links up (cloud metric); simulator: ${SIM_CONNECT_MS} ms from first dial, ${SIM_FAILURES} failed attempts"

log "settling ${SETTLE}s"
sleep "$SETTLE"
API_UP=$(api_connected)
(( API_UP == N )) || die "GET /api/v1/nodes lists $API_UP connected nodes, expected $N"
full_gc "$CLOUD_PID"
LOAD_HEAP_KB=$(heap_used_kb "$CLOUD_PID")
LOAD_RSS_KB=$(rss_kb "$CLOUD_PID")
LOAD_HEAP_RSS_KB=$(heap_rss_kb "$CLOUD_PID")
jcmd "$CLOUD_PID" GC.class_histogram >"$WORK/histogram.txt"
nmt "$WORK/nmt-loaded.txt"
HISTO_TOTAL=$(awk '$1 == "Total" {print $3}' "$WORK/histogram.txt")
# What the links added, class by class: loaded histogram minus baseline, largest first.
awk -v n="$N" '
  FNR == 1 { file++ }
  $1 ~ /^[0-9]+:$/ { if (file == 1) { bi[$4] = $2; bb[$4] = $3 } else { li[$4] = $2; lb[$4] = $3 } }
  END {
    for (c in lb) { d = lb[c] - bb[c]; if (d > 0) printf "%12d %10d %9.2f %8.1f  %s\n", d, li[c] - bi[c], (li[c] - bi[c]) / n, d / n, c }
  }' "$WORK/histogram-baseline.txt" "$WORK/histogram.txt" | sort -k1,1nr \
  | { printf '%12s %10s %9s %8s  %s\n' "+bytes" "+instances" "inst/link" "B/link" "class"; head -30; } >"$WORK/histogram-delta.txt"
log "loaded: heap used after GC ${LOAD_HEAP_KB} KB (live by histogram $HISTO_TOTAL B), RSS ${LOAD_RSS_KB} KB"

log "measuring idle CPU over ${CPU_WINDOW}s"
LOAD_AT_CPU=$(cut -d' ' -f1-3 /proc/loadavg)
thread_ticks "$CLOUD_PID" >"$WORK/threads-0.txt"
t0=$(cpu_ticks "$CLOUD_PID"); s0=$(cpu_ticks "$SIM_PID"); a0=$(all_ticks); n0=$(date +%s%N)
sleep "$CPU_WINDOW"
t1=$(cpu_ticks "$CLOUD_PID"); s1=$(cpu_ticks "$SIM_PID"); a1=$(all_ticks); n1=$(date +%s%N)
thread_ticks "$CLOUD_PID" >"$WORK/threads-1.txt"
pct() { awk -v d="$1" -v hz="$CLK_TCK" -v ns=$((n1 - n0)) 'BEGIN {printf "%.2f", 100 * d / hz / (ns / 1e9)}'; }
CPU_PCT=$(pct $((t1 - t0)))
SIM_CPU_PCT=$(pct $((s1 - s0)))
# everything else on the machine over the window (another engineer's test suite would show here)
OTHER_TICKS=$(( (a1 - a0) - (t1 - t0) - (s1 - s0) )); (( OTHER_TICKS > 0 )) || OTHER_TICKS=0   # tick rounding
OTHER_CPU_PCT=$(pct "$OTHER_TICKS")
# the cloud's busiest threads over the window (QUIC runs every link on one event loop)
TOP_THREADS=$(busiest "$WORK/threads-0.txt" "$WORK/threads-1.txt" $(( (n1 - n0) / 1000000 )))
UP_AFTER=$(metric_links || echo 0)
log "idle CPU ${CPU_PCT} % of one core (busiest threads: $TOP_THREADS); links still up: $UP_AFTER"

# --- table -----------------------------------------------------------------------------------
DELTA_HEAP_B=$(( (LOAD_HEAP_KB - BASE_HEAP_KB) * 1024 ))
DELTA_RSS_B=$(( (LOAD_RSS_KB - BASE_RSS_KB) * 1024 ))
per() { awk -v b="$1" -v n="$N" 'BEGIN {printf "%.0f B (%.1f KB)", b / n, b / n / 1024}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f MB", k / 1024}'; }
{
  echo "| transport | links | heap after GC: baseline → loaded | heap per link | RSS: baseline → loaded | RSS per link | idle CPU (${CPU_WINDOW} s) | connect time |"
  echo "| --- | ---: | --- | ---: | --- | ---: | ---: | --- |"
  printf '| %s | %d | %s → %s | %s | %s → %s | %s | %s %% of one core | %.1f s at %s/s (%s failed attempts; cloud saw %d at %.1f s) |\n' \
    "$TRANSPORT" "$N" "$(mb "$BASE_HEAP_KB")" "$(mb "$LOAD_HEAP_KB")" "$(per "$DELTA_HEAP_B")" \
    "$(mb "$BASE_RSS_KB")" "$(mb "$LOAD_RSS_KB")" "$(per "$DELTA_RSS_B")" "$CPU_PCT" \
    "$(awk -v m="$SIM_CONNECT_MS" 'BEGIN {print m / 1000}')" "$RATE" "$SIM_FAILURES" "$N" \
    "$(awk -v m="$CLOUD_SEEN_MS" -v c="${MINT_MS:-0}" 'BEGIN {print (m - c) / 1000}')"
  echo
  echo "cloud JVM: $CLOUD_JAVA_OPTS; simulator JVM: $SIM_JAVA_OPTS; heartbeat $HEARTBEAT; settle ${SETTLE}s;"
  echo "QUIC idle timeout ${QUIC_IDLE_MS} ms$([[ $TRANSPORT == quic ]] && echo "; simulator UDP sockets $QUIC_SOCKETS");"
  echo "live heap by class histogram: $HISTO_TOTAL B; links still up after the CPU window: $UP_AFTER"
  echo "RSS in the Java heap's address range: $(mb "$BASE_HEAP_RSS_KB") → $(mb "$LOAD_HEAP_RSS_KB") (pages the collector touched, used or not);" \
    "RSS outside it: $(mb $((BASE_RSS_KB - BASE_HEAP_RSS_KB))) → $(mb $((LOAD_RSS_KB - LOAD_HEAP_RSS_KB))), per link" \
    "$(per $(( (LOAD_RSS_KB - LOAD_HEAP_RSS_KB - BASE_RSS_KB + BASE_HEAP_RSS_KB) * 1024 )))"
  echo "cloud CPU while the links came up: ${CONNECT_CPU_PCT} % of one core (busiest threads: $CONNECT_THREADS);"
  echo "while idle: busiest cloud threads $TOP_THREADS; simulator ${SIM_CPU_PCT} %, all other processes ${OTHER_CPU_PCT} % of one core"
  echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average (1, 5, 15 min) at start: $LOAD_AT_START, at the CPU window: $LOAD_AT_CPU"
  echo
  echo "What the $N links added to the heap, by class (class histogram with links minus baseline):"
  echo
  echo '```'
  cat "$WORK/histogram-delta.txt"
  echo '```'
} | tee "$WORK/results.md"

# --- stop ------------------------------------------------------------------------------------
log "stopping the cloud (SIGTERM) with $UP_AFTER links up"
stop_start=$(date +%s%N)
kill -TERM "$CLOUD_PID"
for _ in $(seq 1 300); do kill -0 "$CLOUD_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$CLOUD_PID" 2>/dev/null && die "the cloud did not exit within 30 s of SIGTERM"
set +e; wait "$CLOUD_PID"; CLOUD_RC=$?; set -e
CLOUD_STOP_MS=$(( ($(date +%s%N) - stop_start) / 1000000 ))
CLOUD_PID=""
log "cloud exited $CLOUD_RC in ${CLOUD_STOP_MS} ms"
kill -TERM "$SIM_PID"
for _ in $(seq 1 300); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.1; done
set +e; wait "$SIM_PID"; SIM_RC=$?; set -e
SIM_PID=""
log "simulator exited $SIM_RC"
echo "cloud stop: exit $CLOUD_RC in $CLOUD_STOP_MS ms with $UP_AFTER links up; simulator exit $SIM_RC" | tee -a "$WORK/results.md"
log "results in $WORK/results.md"
[[ $CLOUD_RC == 0 ]] || die "the cloud exited $CLOUD_RC, expected 0"
[[ $SIM_RC == 0 ]] || die "the simulator exited $SIM_RC, expected 0"
