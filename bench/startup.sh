#!/usr/bin/env bash
# Start-up time of short commands, measured as paired runs: each round runs every candidate once, in an
# order that rotates from round to round, so a burst of load from other processes hits all candidates
# alike. Prints the median wall time of each candidate over the rounds, and the median over the rounds
# of each round's ratio airlock-sh / JVM hello world on the same JDK (the issue's "median of paired runs").
# Usage: bench/startup.sh [rounds, default 20]. Prints human lines, then `result startup.<name>_ms N` and
# `result startup.ratio<jdk> R`.
# Candidates: the default java (17 here) and, when one is installed, the newest JDK 25+ under /usr/lib/jvm
# (or BENCH_JAVA25), where the launcher uses an AOT cache. BENCH_BASELINE=DIR adds DIR's bin/shim/bash
# (another checkout, built) as `baseline`, to measure a change before and after in the same rounds.
# To add a candidate: write a function cand_<name> and add <name> to `names`.
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME must use '.' as the decimal point
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-20}

mkdir -p "$root/target/bench"
if [ ! -f "$root/target/bench/Hello.class" ] || [ "$root/bench/Hello.java" -nt "$root/target/bench/Hello.class" ]; then
  javac --release 17 -d "$root/target/bench" "$root/bench/Hello.java"
fi
java25=${BENCH_JAVA25:-}
if [ -z "$java25" ]; then
  for release in /usr/lib/jvm/*/release; do
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ -x "${release%/release}/bin/java" ]; then java25=${release%/release}/bin/java; fi
  done
fi

# airlock-sh -c true: an allowed command, audit on, default policy, a private state directory.
bench_home=$root/target/bench/home
mkdir -p "$bench_home"
shim() { HOME=$bench_home XDG_STATE_HOME=$bench_home/state XDG_CONFIG_HOME=$bench_home/config "$@" -c true; }
# The JVM rows use the launcher's JVM flags, so each is the floor under an airlock start on that JDK.
cand_jvm_hello() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss2m -Xms8m -Xshare:auto -cp "$root/target/bench" Hello; }
cand_bash_true() { bash -c true; }
# As users get it: the resident server answers (bench waits for it below).
cand_airlock_sh_true() { AIRLOCK_RESIDENT=1 shim "$root/bin/shim/bash"; }
# airlock-sh's own JVM, as without a resident server (and for everything but a plain allow).
cand_airlock_sh_true_jvm() { AIRLOCK_RESIDENT=0 shim "$root/bin/shim/bash"; }
cand_jvm_hello_25() { "$java25" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss2m -Xms8m -cp "$root/target/bench" Hello; }
cand_airlock_sh_true_25() { AIRLOCK_RESIDENT=0 AIRLOCK_JAVA=$java25 shim "$root/bin/shim/bash"; }
cand_baseline() { shim "$BENCH_BASELINE/bin/shim/bash"; }
# The same allowed command with confinement off: what the sandbox adds, in the same rounds.
cand_airlock_sh_true_unconfined() { AIRLOCK_RESIDENT=1 AIRLOCK_SANDBOX=off shim "$root/bin/shim/bash"; }
cand_airlock_sh_true_jvm_unconfined() { AIRLOCK_RESIDENT=0 AIRLOCK_SANDBOX=off shim "$root/bin/shim/bash"; }
# bwrap alone, with the read-only profile's namespaces, around `bash -c true`.
cand_bwrap_bash_true() { bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --unshare-all --die-with-parent \
  --new-session --cap-drop ALL -- bash -c true; }
names=(jvm_hello bash_true airlock_sh_true airlock_sh_true_jvm airlock_sh_true_unconfined airlock_sh_true_jvm_unconfined)
command -v bwrap >/dev/null 2>&1 && names+=(bwrap_bash_true)
[ -n "$java25" ] && names+=(jvm_hello_25 airlock_sh_true_25)
[ -n "${BENCH_BASELINE:-}" ] && names+=(baseline)

# One unmeasured run of each airlock candidate first: it makes the launcher's class-data archive
# (in the background), and the wait lets that finish, so the rounds measure the steady state.
for name in "${names[@]}"; do
  case $name in airlock*|baseline) "cand_$name" > /dev/null ;; esac
done
for _ in $(seq 120); do
  compgen -G "$root/target/airlock-sh*.lock" > /dev/null || { [ -n "${BENCH_BASELINE:-}" ] && compgen -G "$BENCH_BASELINE/target/airlock-sh*.lock" > /dev/null; } || break
  sleep 1
done

# The resident server: started by the first airlock-sh, then warmed by 30 commands, as an agent's
# first few commands of a session would.
for _ in $(seq 100); do
  compgen -G "$root/target/resident/$UID/net-*/port" > /dev/null && break
  cand_airlock_sh_true > /dev/null
  sleep 0.2
done
for _ in $(seq 30); do cand_airlock_sh_true > /dev/null; done

declare -A times
declare -A round_ms
ratios17=""
ratios17jvm=""
ratios25=""
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#names[@]}; k++)); do
    name=${names[(r + k) % ${#names[@]}]}
    t0=${EPOCHREALTIME/./}
    "cand_$name" > /dev/null
    t1=${EPOCHREALTIME/./}
    times[$name]+="$((t1 - t0)) "
    round_ms[$name]=$((t1 - t0))
  done
  ratios17+="$(awk -v a="${round_ms[airlock_sh_true]}" -v h="${round_ms[jvm_hello]}" 'BEGIN { printf "%.3f", a / h }') "
  ratios17jvm+="$(awk -v a="${round_ms[airlock_sh_true_jvm]}" -v h="${round_ms[jvm_hello]}" 'BEGIN { printf "%.3f", a / h }') "
  if [ -n "$java25" ]; then
    ratios25+="$(awk -v a="${round_ms[airlock_sh_true_25]}" -v h="${round_ms[jvm_hello_25]}" 'BEGIN { printf "%.3f", a / h }') "
  fi
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
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
# shellcheck disable=SC2086
echo "startup ratio airlock-sh / JVM hello, default java: median of $rounds paired rounds $(median $ratios17)"
echo "result startup.ratio_default $(median $ratios17)"
# shellcheck disable=SC2086
echo "startup ratio airlock-sh without the resident server / JVM hello: median of $rounds paired rounds $(median $ratios17jvm)"
echo "result startup.ratio_jvm $(median $ratios17jvm)"
if [ -n "$java25" ]; then
  # shellcheck disable=SC2086
  echo "startup ratio airlock-sh / JVM hello, $java25: median of $rounds paired rounds $(median $ratios25)"
  echo "result startup.ratio_25 $(median $ratios25)"
fi
