#!/usr/bin/env bash
# The memory floor under steward-agent (docs/benchmarks.md, "The floor under the agent"): a gRPC server with the
# agent's transport, JVM options and class path that serves only gRPC's health service, in plaintext (as the
# sandbox's agents) and with mutual TLS (as enrolled agents on real hosts). Prints its resident memory just
# started and idle after five connections of four calls each (VmRSS, and idle also RssAnon, its own pages, and
# Pss, its share of the pages it has in common with other processes), and the classes it loaded.
#   usage: systemtest/bench/transport-floor.sh [DIST]   (DIST: the built distribution, packaging/target/steward)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dist=${1:-$here/../../packaging/target/steward}
lib=$dist/lib
[ -f "$lib/steward-agent.classpath" ] || { echo "no built distribution at $dist: run ./mvnw install first" >&2; exit 2; }
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
classpath=$(sed "s|^|$lib/|" "$lib/steward-agent.classpath" | paste -sd:)
javac -d "$work/classes" -cp "$classpath" "$here/TransportFloor.java"
classpath=$classpath:$work/classes
rss() { awk -v field="${2:-VmRSS}:" '$1 == field {printf "%.1f MiB", $2 / 1024}' "/proc/$1/${3:-status}"; }

row='%-10s %-13s %-22s %-11s %-11s %s\n'
printf "$row" mode "RSS started" "RSS idle after calls" "anon idle" "PSS idle" classes
for mode in plaintext tls; do
  mkdir -p "$work/$mode"
  MALLOC_ARENA_MAX=2 java "@$lib/steward-agent.jvm.options" -cp "$classpath" \
    dev.steward.agent.security.TransportFloor serve "$mode" "$work/$mode" > "$work/$mode/out" 2>&1 &
  server=$!
  for _ in $(seq 100); do grep -q '^serving' "$work/$mode/out" && break; sleep 0.1; done
  port=$(awk '/^serving/ {print $2}' "$work/$mode/out")
  [ -n "$port" ] || { cat "$work/$mode/out" >&2; exit 1; }
  sleep 5
  started=$(rss "$server")
  java -cp "$classpath" dev.steward.agent.security.TransportFloor call "$mode" "$port" "$work/$mode" 5
  sleep 15
  idle=$(rss "$server")
  anon=$(rss "$server" RssAnon)
  pss=$(rss "$server" Pss smaps_rollup)
  classes=$(jcmd "$server" VM.metaspace | awk '/^Total Usage/ {print $6; exit}')
  printf "$row" "$mode" "$started" "$idle" "$anon" "$pss" "$classes"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
echo "JVM options: $(grep -v '^#' "$lib/steward-agent.jvm.options" | grep . | paste -sd' ')"
