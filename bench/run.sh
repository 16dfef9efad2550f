#!/usr/bin/env bash
# The end-to-end benchmark: q5 (datagen -> TUMBLE count -> blackhole) on each state backend, with
# and without 5 s checkpoints, each in a fresh JVM. Prints one RESULT line per run.
#   bench/run.sh [ROWS] [QUERY.sql]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-10000000}"
query="${2:-$home/bench/queries/q5_tumble_count.sql}"
jar="$home/bench/target/weir-bench.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$home" -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  (cd "$home" && mvn -B -q -ntp -Dstyle.color=never -DskipTests install -pl bench -am) >&2
fi
for state in hashmap rocksdb; do
  for checkpoint in off 5000; do
    args=(--rows "$rows" --state "$state")
    [ "$checkpoint" != off ] && args+=(--checkpoint-ms "$checkpoint")
    java ${BENCH_JAVA_OPTS:-} -jar "$jar" "$query" "${args[@]}" | grep '^RESULT'
  done
done
