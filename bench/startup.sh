#!/usr/bin/env bash
# Start-up time of short commands, measured as paired runs: each round runs every candidate once, in an
# order that rotates from round to round, so a burst of load from other processes hits all candidates
# alike. Prints the median wall time of each candidate over the rounds.
# Usage: bench/startup.sh [rounds, default 20]. Prints human lines, then `result startup.<name>_ms N`.
# To add a candidate: write a function cand_<name> and add <name> to `names`.
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME must use '.' as the decimal point
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-20}

mkdir -p "$root/target/bench"
if [ ! -f "$root/target/bench/Hello.class" ] || [ "$root/bench/Hello.java" -nt "$root/target/bench/Hello.class" ]; then
  javac -d "$root/target/bench" "$root/bench/Hello.java"
fi

# The same JVM flags as bin/airlock, so the JVM row is the floor under every airlock start.
cand_jvm_hello() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$root/target/bench" Hello; }
cand_bash_true() { bash -c true; }
# airlock-sh -c true: an allowed command, audit on, default policy, a private state directory.
bench_home=$root/target/bench/home
mkdir -p "$bench_home"
cand_airlock_sh_true() { HOME=$bench_home XDG_STATE_HOME=$bench_home/state XDG_CONFIG_HOME=$bench_home/config "$root/bin/shim/bash" -c true; }
names=(jvm_hello bash_true airlock_sh_true)

declare -A times
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#names[@]}; k++)); do
    name=${names[(r + k) % ${#names[@]}]}
    t0=${EPOCHREALTIME/./}
    "cand_$name" > /dev/null
    t1=${EPOCHREALTIME/./}
    times[$name]+="$((t1 - t0)) "
  done
done

for name in "${names[@]}"; do
  # shellcheck disable=SC2086
  printf '%s\n' ${times[$name]} | sort -n | awk -v name="$name" -v n="$rounds" '
    { v[NR] = $1 }
    END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "startup %s: median %.1f ms of %d runs (min %.1f, max %.1f)\n", name, m / 1000, n, v[1] / 1000, v[NR] / 1000
      printf "result startup.%s_ms %.1f\n", name, m / 1000
    }'
done
