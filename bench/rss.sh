#!/usr/bin/env bash
# Peak resident memory of airlock-sh (GNU time's maximum RSS), in two states that last: running a
# command (`-c 'sleep 0.5'`) and waiting for a person's approval (a stand-in console on a private
# socket holds the request for 1.5 s, then hangs up). Prints `result rss.<state>_kib N`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config AIRLOCK_SOCKET=$work/console.sock

# The resident path (the launcher's bash, the server answering) once the server runs; then airlock-sh's JVM.
server_pid=
for _ in $(seq 100); do
  for port in "$root/target/resident/$UID"/net-*/port; do
    read -r _ _ pid < "$port" 2>/dev/null || continue
    [ /proc/$$/ns/net -ef "/proc/$pid/ns/net" ] && server_pid=$pid
  done
  [ -n "$server_pid" ] && break
  AIRLOCK_RESIDENT=1 "$root/bin/shim/bash" -c true
  sleep 0.2
done
running=$(AIRLOCK_RESIDENT=1 /usr/bin/time -f '%M' "$root/bin/shim/bash" -c 'sleep 0.5' 2>&1 >/dev/null | tail -1)
running_jvm=$(AIRLOCK_RESIDENT=0 /usr/bin/time -f '%M' "$root/bin/shim/bash" -c 'sleep 0.5' 2>&1 >/dev/null | tail -1)
server=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$server_pid/status")

# The stand-in runs under `script`, in a terminal of its own: airlock-sh asks only a listener with a
# controlling terminal (docs/approval-protocol.md, "Who may answer").
cat > "$work/standin.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(1)
c, _ = s.accept()
c.recv(65536)
time.sleep(1.5)
c.close()
PY
script -qefc "python3 '$work/standin.py' '$AIRLOCK_SOCKET'" /dev/null < /dev/null > /dev/null &
for _ in $(seq 50); do [ -S "$AIRLOCK_SOCKET" ] && break; sleep 0.1; done
waiting=$( { /usr/bin/time -f '%M' "$root/bin/shim/bash" -c 'touch never-approved' >/dev/null 2>"$work/err" || true; } ; tail -1 "$work/err")
if grep -q "refusing to ask" "$work/err"; then
  echo "rss: airlock-sh refused to ask the stand-in console, so it never waited: $(head -1 "$work/err")" >&2
  exit 1
fi
wait

echo "rss airlock-sh running a command: $running KiB (resident path), $running_jvm KiB (own JVM); waiting for approval: $waiting KiB; resident server: $server KiB"
echo "result rss.running_kib $running"
echo "result rss.running_jvm_kib $running_jvm"
echo "result rss.server_kib $server"
echo "result rss.waiting_kib $waiting"
