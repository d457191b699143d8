#!/usr/bin/env bash
# Load through airlock-sh as agents make it: N allowed commands and M asks, all started at once,
# the asks approved by an approving console in a tmux pane (a person who says yes at once). Prints
# `result load.<key> <value>` lines: commands per second over the whole burst, and whether the log
# holds every decision once, every `run` its one result, and an intact chain. Never asserts.
#
# Usage: bench/load.sh [ALLOWED [ASKS [INSTALLATION]]]   (defaults 200, 20, this checkout)
# The resident server is on, as users get it; a private home, log and socket for the run.
set -euo pipefail
export LC_ALL=C.UTF-8
allowed=${1:-200}
asks=${2:-20}
install=$(cd "${3:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
tmp=$(mktemp -d /tmp/airlock-load.XXXXXX)
tmux_sock=airlock-load-$$
cleanup() {
  tmux -L "$tmux_sock" kill-server 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/home" "$tmp/work" "$tmp/run" "$tmp/console"
# A private environment: nothing of the caller's reaches the agent's commands or the log.
env_of=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$tmp/home" USER=bench LANG=C.UTF-8
  XDG_CONFIG_HOME="$tmp/home/.config" XDG_STATE_HOME="$tmp/home/.local/state"
  AIRLOCK_SOCKET="$tmp/run/console.sock" AIRLOCK_RESIDENT=1 AIRLOCK_RESIDENT_IDLE=60
  AIRLOCK_APPROVAL_TIMEOUT=600 ${JAVA_HOME:+JAVA_HOME=$JAVA_HOME})
log=$tmp/home/.local/state/airlock/audit.jsonl
shim=$install/bin/shim/bash

"$java_bin" -version >/dev/null 2>&1 || { echo "bench: no java" >&2; exit 1; }
javac_bin=${JAVA_HOME:+$JAVA_HOME/bin/}javac
"$javac_bin" -d "$tmp/console" "$install/src/test/resources/dev/airlock/exec/FakeConsole.java"
# The console in a terminal of its own, outside every guarded tree: a person's console, as airlock checks it.
"${env_of[@]}" tmux -L "$tmux_sock" new-session -d -s approver -x 100 -y 10 \
  "$java_bin -cp $tmp/console FakeConsole $tmp/console/asked.log"
until grep -q '^pid ' "$tmp/console/asked.log" 2>/dev/null; do sleep 0.1; done

# A server for this installation, warm, before the clock starts (the first command starts it).
for _ in $(seq 1 100); do
  (cd "$tmp/work" && "${env_of[@]}" "$shim" -c true) </dev/null >/dev/null 2>&1
  grep -q '"resident":true' "$log" 2>/dev/null && break
  sleep 0.3
done
grep -q '"resident":true' "$log" || echo "bench: the resident server did not answer; the JVM path is measured" >&2
before=$(wc -l < "$log")

# Each command text is unique, so each decision can be counted.
start=$(date +%s%N)
pids=()
for i in $(seq 1 "$allowed"); do
  (cd "$tmp/work" && exec "${env_of[@]}" "$shim" -c "ls -a / >/dev/null; echo allowed-$i") </dev/null >"$tmp/out.a$i" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 "$asks"); do
  (cd "$tmp/work" && exec "${env_of[@]}" "$shim" -c "touch asked-$i") </dev/null >"$tmp/out.k$i" 2>&1 &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
end=$(date +%s%N)

total=$((allowed + asks))
ms=$(( (end - start) / 1000000 ))
echo "result load.commands $total"
echo "result load.seconds $(awk "BEGIN{printf \"%.2f\", $ms/1000}")"
echo "result load.per_second $(awk "BEGIN{printf \"%.1f\", $total*1000/$ms}")"
echo "result load.failed_exits $failed"
echo "result load.asks_made $(ls "$tmp/work" | grep -c '^asked-' || true)"
# Every record after the warm-up: each command decided once, each `run` with exactly one result.
tail -n +"$((before + 1))" "$log" | jq -rs --argjson n "$allowed" --argjson k "$asks" '
  [.[] | select(.event == "decision")] as $d
  | [.[] | select(.event == "result")] as $r
  | ($d | group_by(.command) | map(select(length > 1)) | length) as $twice
  | ($d | map(.command) | unique | length) as $decided
  | ($r | group_by(.decision_seq) | map(select(length > 1)) | length) as $resultsTwice
  | ([$r[].decision_seq] ) as $rs
  | ($d | map(select(.outcome == "run" and ((.seq) as $s | $rs | index($s) | not))) | length) as $noResult
  | ($d | map(select(.resident == true)) | length) as $resident
  | "result load.decided_once \($decided - $twice) of \($n + $k)",
    "result load.decided_twice \($twice)",
    "result load.run_without_result \($noResult)",
    "result load.results_twice \($resultsTwice)",
    "result load.resident_decisions \($resident)"'
if "${env_of[@]}" "$install/bin/airlock" audit verify >"$tmp/verify" 2>&1; then
  echo "result load.chain intact"
else
  echo "result load.chain broken: $(head -3 "$tmp/verify" | tr '\n' ' ')"
fi
