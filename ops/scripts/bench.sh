#!/usr/bin/env bash
# Runs one load-generator scenario against a fresh Chorus node on this machine, the node pinned to one set of cores
# and the generator to another (docs/benchmarks.md), and writes the generator's JSON report.
#
#   ops/scripts/bench.sh <out.json> <loadgen flags...>
#
# Environment: NODE_CPUS (default 0), GEN_CPUS (default 1), CHORUS_MEDIA_WORKERS (default: the number of NODE_CPUS),
# NODE_JAVA_OPTS (default: G1 and the thread-priority flags of the deploy files, docs/deploy.md). Needs ops/target/chorus-node.jar (./mvnw -q -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$1; shift
jar=ops/target/chorus-node.jar
NODE_CPUS=${NODE_CPUS:-0}
GEN_CPUS=${GEN_CPUS:-1}
count() { local n=0; IFS=, read -ra parts <<< "$1"; for p in "${parts[@]}"; do
  if [[ $p == *-* ]]; then n=$((n + ${p#*-} - ${p%-*} + 1)); else n=$((n + 1)); fi; done; echo $n; }
workers=${CHORUS_MEDIA_WORKERS:-$(count "$NODE_CPUS")}
loops=$(count "$GEN_CPUS")
data=$(mktemp -d)
log=${out%.json}.node.log
CHORUS_MEDIA_WORKERS=$workers CHORUS_DATA_DIR=$data CHORUS_HTTP_PORT=${CHORUS_HTTP_PORT:-8080} \
  taskset -c "$NODE_CPUS" java ${NODE_JAVA_OPTS:--XX:+UseG1GC -XX:ThreadPriorityPolicy=1 -XX:JavaPriority3_To_OSPriority=10 -XX:JavaPriority4_To_OSPriority=5} -jar "$jar" > "$log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  grep -q "Chorus node ready" "$log" && break
  kill -0 $node 2>/dev/null || { echo "node exited; see $log" >&2; exit 1; }
  sleep 0.5
done
set +e   # the generator exits 1 when streams are missing: its report is still written
taskset -c "$GEN_CPUS" java -jar "$jar" loadgen --loops "$loops" --dtls-threads "$loops" \
  --url "ws://127.0.0.1:${CHORUS_HTTP_PORT:-8080}" --json "$out" "$@"
status=$?
exit $status
