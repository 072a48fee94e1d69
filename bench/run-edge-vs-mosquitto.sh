#!/usr/bin/env bash
# The MQTT edge alone, side by side with Debian's Mosquitto, in one run (see docs/performance.md):
#   1. the edge-only process (EdgeOnly: MQTT edge + in-process Kafka, nothing else) and Mosquitto, each on a free port;
#   2. closed-loop QoS 1 and QoS 0 runs of 1,000 devices with 200-byte payloads against each, the load generator in
#      its own JVM, with the broker's CPU time (utime+stime from /proc/<pid>/stat) over the measured window;
#   3. open-loop QoS 1 at 50% of the edge's QoS 1 rate, against both;
#   4. a JFR profile of the edge under QoS 1 load, summarised to its hottest frames;
#   5. heap per idle connection: as many idle Alibaba-signed connections as the open-file limit allows (50,000 where
#      it can be raised that far), heap after a full GC before and after, and the classes that grew.
# Usage: bench/run-edge-vs-mosquitto.sh            (from anywhere; results in bench/target/edge-vs-mosquitto/)
# Environment: DURATION (30) and WARMUP (10) seconds per run, DEVICES (1000), PAYLOAD (200), IDLE_CONNECTIONS
# (50000, lowered to fit the open-file limit), EDGE_HEAP (2g), SKIP_BUILD=1 to reuse bench/target, MVN (mvn -q).
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-10}
DEVICES=${DEVICES:-1000}
PAYLOAD=${PAYLOAD:-200}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-50000}
EDGE_HEAP=${EDGE_HEAP:-2g}
MVN=${MVN:-mvn -q}
OUT=bench/target/edge-vs-mosquitto/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
echo "results in $OUT" >&2

if [ ! -x /usr/sbin/mosquitto ]; then
  echo "installing Debian's mosquitto" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto >/dev/null
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  $MVN -pl bench -am package -DskipTests
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
CLK_TCK=$(getconf CLK_TCK)

# Every connection is a file descriptor, on both ends; raise the soft limit as far as the hard one allows.
ulimit -n "$(ulimit -Hn)"
FD_LIMIT=$(ulimit -n)

free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

EDGE_PID=
MOSQ_PID=
DATA=$(mktemp -d /tmp/weft-edge-bench.XXXXXX)
cleanup() {
  [ -n "$EDGE_PID" ] && kill "$EDGE_PID" 2>/dev/null && wait "$EDGE_PID" 2>/dev/null || true
  [ -n "$MOSQ_PID" ] && kill "$MOSQ_PID" 2>/dev/null && wait "$MOSQ_PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

# --- the edge alone, with its in-process Kafka ---
KAFKA_PORT=$(free_port)
CONTROLLER_PORT=$(free_port)
# Netty's leak detection off (its default, SIMPLE, tracks a sample of buffers and touches every message at every
# pipeline stage); the tests run with PARANOID.
java -Xms"$EDGE_HEAP" -Xmx"$EDGE_HEAP" -Dio.netty.leakDetection.level=disabled -cp "$CP" io.weft.bench.edge.EdgeOnly \
  --mqtt-port 0 \
  --kafka-port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" --data "$DATA/edge" \
  >"$OUT/edge.out" 2>"$OUT/edge.log" &
EDGE_PID=$!
for _ in $(seq 120); do
  grep -q '^ready ' "$OUT/edge.out" && break
  kill -0 "$EDGE_PID" 2>/dev/null || { echo "the edge did not start, see $OUT/edge.log" >&2; exit 1; }
  sleep 1
done
grep -q '^ready ' "$OUT/edge.out" || { echo "the edge was not ready within 120 s" >&2; exit 1; }
EDGE_PORT=$(sed -n 's/^ready mqtt=\([0-9]*\).*/\1/p' "$OUT/edge.out")
KAFKA=127.0.0.1:$KAFKA_PORT
echo "edge: pid $EDGE_PID, MQTT 127.0.0.1:$EDGE_PORT, Kafka $KAFKA" >&2

# --- Mosquitto, plain TCP, nothing persisted ---
MOSQ_PORT=$(free_port)
{
  echo "listener $MOSQ_PORT 127.0.0.1"
  echo "allow_anonymous true"
  echo "persistence false"
  echo "set_tcp_nodelay true"
  echo "log_dest stderr"
  echo "log_type error"
  echo "log_type warning"
  [ "$(id -u)" = 0 ] && echo "user root"
} >"$OUT/mosquitto.conf"
/usr/sbin/mosquitto -c "$OUT/mosquitto.conf" 2>"$OUT/mosquitto.log" &
MOSQ_PID=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$MOSQ_PORT") 2>/dev/null && break
  sleep 0.2
done
MOSQ_VERSION=$(/usr/sbin/mosquitto -h 2>&1 | head -1 || true)
echo "mosquitto: pid $MOSQ_PID, 127.0.0.1:$MOSQ_PORT ($MOSQ_VERSION)" >&2

load() { # name, then MqttLoad options
  local name=$1
  shift
  echo "--- $name" >&2
  java -cp "$CP" io.weft.bench.mqtt.MqttLoad --devices "$DEVICES" --payload-bytes "$PAYLOAD" \
    --duration "$DURATION" --warmup "$WARMUP" --mqtt-host 127.0.0.1 --clock-ticks "$CLK_TCK" "$@" \
    >"$OUT/$name.txt" 2>"$OUT/$name.log" || echo "$name: exit code $? (see $OUT/$name.txt)" >&2
  cat "$OUT/$name.txt" >&2
  tail -1 "$OUT/$name.txt" >"$OUT/$name.json"
}
edge() { # name, then options
  local name=$1
  shift
  load "$name" --mqtt-port "$EDGE_PORT" --provision registry --kafka "$KAFKA" --broker-pid "$EDGE_PID" \
    --product "$name" "$@"
}
mosquitto() {
  local name=$1
  shift
  load "$name" --mqtt-port "$MOSQ_PORT" --provision none --broker-pid "$MOSQ_PID" --product "$name" "$@"
}

# Unreported: lets the JIT compile the edge's hot path, so that compiling does not count as broker CPU below
edge warmup_edge --qos 1 --duration 20 --warmup 0
edge edge_qos1 --qos 1
mosquitto mosq_qos1 --qos 1
edge edge_qos0 --qos 0
mosquitto mosq_qos0 --qos 0

HALF=$(jq -r '.ackPerSecond / 2 | floor' "$OUT/edge_qos1.json")
echo "open loop at $HALF msg/s (50% of the edge's QoS 1 rate)" >&2
edge edge_open --qos 1 --rate "$HALF"
mosquitto mosq_open --qos 1 --rate "$HALF"

# --- a JFR profile of the edge under QoS 1 load ---
jcmd "$EDGE_PID" JFR.start name=edgebench settings=profile filename="$DATA/edge.jfr" >/dev/null
edge edge_qos1_profiled --qos 1
jcmd "$EDGE_PID" JFR.stop name=edgebench >/dev/null
cp "$DATA/edge.jfr" "$OUT/edge-qos1.jfr"
jfr summary "$OUT/edge-qos1.jfr" >"$OUT/jfr-summary.txt"
# top frames of the execution samples (the method running when sampled), then the top Weft frames anywhere on the stack
jfr print --events jdk.ExecutionSample --stack-depth 1 "$OUT/edge-qos1.jfr" \
  | sed -n 's/^[[:space:]]*\([a-zA-Z_$][a-zA-Z0-9_$.]*\)(.*line:.*/\1/p' \
  | sort | uniq -c | sort -rn | head -30 >"$OUT/jfr-top-frames.txt"
jfr print --events jdk.ExecutionSample --stack-depth 64 "$OUT/edge-qos1.jfr" \
  | awk '/jdk.ExecutionSample/ {delete seen} /^[[:space:]]+io\.weft\./ {sub(/^[[:space:]]+/, ""); sub(/\(.*/, ""); if (!seen[$0]++) print}' \
  | sort | uniq -c | sort -rn | head -20 >"$OUT/jfr-weft-frames.txt"
jfr print --events jdk.ExecutionSample --stack-depth 64 "$OUT/edge-qos1.jfr" | awk -f bench/jfr-hot-path.awk \
  | sort -rn >"$OUT/jfr-hot-path.txt"
SAMPLES=$(jfr print --events jdk.ExecutionSample --stack-depth 1 "$OUT/edge-qos1.jfr" | grep -c 'jdk.ExecutionSample' || true)
echo "JFR: $SAMPLES execution samples; top frames in $OUT/jfr-top-frames.txt" >&2

# --- heap per idle connection ---
# the edge and the connector each hold one descriptor per connection, plus their own files and Kafka's
IDLE=$((IDLE_CONNECTIONS < FD_LIMIT - 1500 ? IDLE_CONNECTIONS : FD_LIMIT - 1500))
SOURCES=$(seq -s, -f '127.0.0.%g' 2 $((2 + (IDLE + 24999) / 25000)))
echo "--- idle: $IDLE connections (open-file limit $FD_LIMIT) from $SOURCES" >&2
java -Xmx1g -cp "$CP" io.weft.bench.idle.IdleConnections --mqtt-port "$EDGE_PORT" --kafka "$KAFKA" \
  --edge-pid "$EDGE_PID" --connections "$IDLE" --sources "$SOURCES" --keepalive 1200 \
  >"$OUT/idle.txt" 2>"$OUT/idle.log" || echo "idle: exit code $? (see $OUT/idle.log)" >&2
cat "$OUT/idle.txt" >&2
tail -1 "$OUT/idle.txt" >"$OUT/idle.json"

# --- summary ---
{
  echo "# MQTT edge alone vs Mosquitto ($(date -u +%F), $(nproc) cores, everything on this machine)"
  echo
  echo "$DEVICES devices, $PAYLOAD-byte payloads, ${DURATION} s measured after ${WARMUP} s warmup; $MOSQ_VERSION"
  echo
  echo "| run | broker | msg/s acknowledged | msg/s into Kafka | p50 ms | p99 ms | broker CPU (cores) | msg per CPU-second | msg per CPU-second, edge threads only |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for run in edge_qos1:"QoS 1 closed loop":Weft mosq_qos1:"QoS 1 closed loop":Mosquitto \
             edge_qos0:"QoS 0 closed loop":Weft mosq_qos0:"QoS 0 closed loop":Mosquitto \
             edge_open:"QoS 1 open loop $HALF msg/s":Weft mosq_open:"QoS 1 open loop $HALF msg/s":Mosquitto; do
    IFS=: read -r name label broker <<<"$run"
    jq -r --arg lbl "$label" --arg broker "$broker" '"| \($lbl) | \($broker) | \(.ackPerSecond) | \(.kafkaPerSecond // "–") | \(.latencyMs.p50) | \(.latencyMs.p99) | \(.brokerCpu.cores) | \(.brokerCpu.msgPerCpuSecond) | \(if .brokerCpu.threadGroups.nioEventLoopGro then (.ackPerSecond * .durationSeconds / (.brokerCpu.threadGroups.nioEventLoopGro + (.brokerCpu.threadGroups["kafka-producer"] // 0)) | floor) else "–" end) |"' \
      "$OUT/$name.json"
  done
  echo
  jq -r '"Idle connections: \(.connections) open, heap after full GC \(.heapBeforeBytes / 1048576 | floor) MB → \(.heapAfterBytes / 1048576 | floor) MB, \(.bytesPerConnection) bytes per connection"' "$OUT/idle.json"
  echo
  echo "Edge CPU by thread group, QoS 1 closed loop (CPU-seconds over the window):"
  jq -r '.brokerCpu.threadGroups | to_entries[] | "  \(.key): \(.value)"' "$OUT/edge_qos1.json"
  echo
  echo "JFR, QoS 1: where the edge's event loops spend their time"
  cat "$OUT/jfr-hot-path.txt"
  echo
  echo "JFR, QoS 1 (top frames of all $SAMPLES execution samples):"
  head -15 "$OUT/jfr-top-frames.txt"
} | tee "$OUT/summary.md"
