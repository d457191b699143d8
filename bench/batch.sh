#!/usr/bin/env bash
# End-to-end throughput of `bin/airlock check --batch`: one process, N JSON lines in, N lines out.
# The input is commands.jsonl (the typical agent commands) repeated to N lines, each with "cwd":"/tmp".
# The time covers the whole process: JVM start, policy load, classification, JSON in and out.
# HOME and XDG_CONFIG_HOME point at an empty directory so no user policy on this machine changes the work.
# Usage: bench/batch.sh [lines, default 100000]. Prints a human line, then `result batch.per_second N`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"

grep -v '^//' "$root/src/test/resources/corpus/commands.jsonl" | grep -v '^[[:space:]]*$' \
  | jq -c '{command: .command, cwd: "/tmp"}' > "$work/one.jsonl"
rows=$(wc -l < "$work/one.jsonl")
for ((i = 0; i < (n + rows - 1) / rows; i++)); do cat "$work/one.jsonl"; done | head -n "$n" > "$work/input.jsonl"

start=$EPOCHREALTIME
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config "$root/bin/airlock" check --batch \
  < "$work/input.jsonl" > "$work/out.jsonl"
end=$EPOCHREALTIME

got=$(wc -l < "$work/out.jsonl")
if [ "$got" -ne "$n" ]; then
  echo "batch: expected $n output lines, got $got" >&2
  exit 1
fi
errors=$(grep -c '"error"' "$work/out.jsonl" || true)
awk -v s="$start" -v e="$end" -v n="$n" -v rows="$rows" -v err="$errors" 'BEGIN {
  t = e - s
  printf "batch: %d lines (%d distinct commands repeated), %d errors, %.2f s = %.0f commands/s\n", n, rows, err, t, n / t
  printf "result batch.seconds %.2f\n", t
  printf "result batch.per_second %.0f\n", n / t
}'
