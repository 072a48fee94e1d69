#!/usr/bin/env bash
# The rule bench runs of docs/performance.md ("Rules"), one after another, each RuleLoad in its own JVM:
#   1. throughput of one rule group of 10 rules over a backlog of 1,000,000 readings, and of 100 rules over 200,000;
#   2. latency telemetry -> rule job -> alert job -> weft.alerts at 1,000 readings/s, one in 100 hot, for 10 and 100
#      rules, with the jobs' default 2 s checkpoints and with 200 ms.
# Usage: bench/run-rules.sh   (from anywhere; reports and summary.txt in bench/target/rules/<time>/). Run it under
# `flock /tmp/weft-maven.lock` on a shared machine, so that no build runs beside it.
# Environment: HEAP (2g), SKIP_BUILD=1 to reuse bench/target, MVN (mvn -q -o).
set -euo pipefail

cd "$(dirname "$0")/.."
HEAP=${HEAP:-2g}
MVN=${MVN:-mvn -q -o}
OUT=bench/target/rules/$(date -u +%Y%m%dT%H%M%SZ)
if [ "${SKIP_BUILD:-}" != 1 ]; then
  $MVN -pl bench -am package -DskipTests
fi
mkdir -p "$OUT"
echo "results in $OUT" >&2
CP="bench/target/classes:$(cat bench/target/classpath.txt)"

run() {
  local name=$1
  shift
  echo "== $name $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/summary.txt"
  java "-Xms$HEAP" "-Xmx$HEAP" -cp "$CP" io.weft.bench.rules.RuleLoad "$@" > "$OUT/$name.txt" 2> "$OUT/$name.log"
  cat "$OUT/$name.txt" >> "$OUT/summary.txt"
}

run throughput-10 --rules 10 --messages 1000000
run throughput-100 --rules 100 --messages 200000
run latency-10-2s --mode latency --rules 10 --checkpoint-ms 2000 --warmup 20 --duration 60
run latency-10-200ms --mode latency --rules 10 --checkpoint-ms 200 --warmup 20 --duration 60
run latency-100-2s --mode latency --rules 100 --checkpoint-ms 2000 --warmup 20 --duration 60
run latency-100-200ms --mode latency --rules 100 --checkpoint-ms 200 --warmup 20 --duration 60
cat "$OUT/summary.txt"
