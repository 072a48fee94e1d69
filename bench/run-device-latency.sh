#!/usr/bin/env bash
# End-to-end latency device -> rule -> alert of docs/performance.md ("Latency device → rule → alert"): starts
# standalone Weft (./weft, on its default ports) in the background with a fresh data folder, waits for its ready
# line, runs io.weft.bench.rules.DeviceToAlert against it (product, devices and an alert rule over REST, devices over
# MQTT, alerts read from weft.alerts), then stops Weft with SIGTERM (its shutdown hook closes everything) and waits.
# Usage: bench/run-device-latency.sh [DeviceToAlert options...]   (from anywhere; report, logs and summary.txt in
# bench/target/device-latency/<time>/). Run it under `flock /tmp/weft-maven.lock` on a shared machine, so that no
# build runs beside it. Standalone's ports (1883, 8883, 8083, 8084, 8080, 9092, 9093, 9000, 8091) must be free.
# Environment: SKIP_BUILD=1 to reuse the built standalone and bench, MVN (mvn -q -o), WEFT_JAVA_OPTS (-Xmx2g),
# BENCH_HEAP (512m), KEEP_DATA=1 to keep Weft's data folder.
set -euo pipefail

cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -o}
OUT=bench/target/device-latency/$(date -u +%Y%m%dT%H%M%SZ)
if [ "${SKIP_BUILD:-}" != 1 ]; then
  $MVN -pl standalone,bench -am package -DskipTests
fi
for port in 1883 8883 8083 8084 8080 9092 9093 9000 8091; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: stop whatever listens there (another Weft?) first" >&2
    exit 1
  fi
done
mkdir -p "$OUT"
echo "results in $OUT" >&2

# The generator's load comes from this machine: the edge's per-address connection limits are off.
WEFT_DATA="$OUT/data" WEFT_MQTT_MAX_CONNECTIONS_PER_IP=0 WEFT_MQTT_CONNECTS_PER_SECOND_PER_IP=0 \
  ./weft > "$OUT/weft.log" 2>&1 &
WEFT_PID=$!
stop_weft() {
  if kill -0 "$WEFT_PID" 2>/dev/null; then
    kill -TERM "$WEFT_PID"
    wait "$WEFT_PID" || true
  fi
  if [ "${KEEP_DATA:-}" != 1 ]; then
    rm -rf "$OUT/data"
  fi
}
trap stop_weft EXIT

for _ in $(seq 1 600); do
  if grep -q "ready in" "$OUT/weft.log"; then
    break
  fi
  if ! kill -0 "$WEFT_PID" 2>/dev/null; then
    echo "Weft stopped before it was ready; see $OUT/weft.log" >&2
    exit 1
  fi
  sleep 0.5
done
if ! grep -q "ready in" "$OUT/weft.log"; then
  echo "Weft not ready after 300 s; see $OUT/weft.log" >&2
  exit 1
fi
grep "ready in" "$OUT/weft.log" >&2

CP="bench/target/classes:$(cat bench/target/classpath.txt)"
{
  echo "== device -> rule -> alert $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
  echo "   DeviceToAlert $*"
} > "$OUT/summary.txt"
rc=0
java "-Xms${BENCH_HEAP:-512m}" "-Xmx${BENCH_HEAP:-512m}" -cp "$CP" io.weft.bench.rules.DeviceToAlert "$@" \
  > "$OUT/device-latency.txt" 2> "$OUT/device-latency.log" || rc=$?
cat "$OUT/device-latency.txt" >> "$OUT/summary.txt"
echo "== exit code $rc, load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/summary.txt"
stop_weft
trap - EXIT
grep -q "Weft standalone: stopped" "$OUT/weft.log" && echo "== Weft stopped cleanly" >> "$OUT/summary.txt" \
  || echo "== Weft did not log its clean stop; see weft.log" >> "$OUT/summary.txt"
cat "$OUT/summary.txt"
exit "$rc"
