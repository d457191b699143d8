# Sourced by bin/airlock-sh (not run): the client of the resident airlock (dev.airlock.resident),
# a long-lived JVM that answers for commands the policy allows, so they cost no JVM start.
#
# The server reads the command, environment and directory of this very process from /proc (the
# request names only our pid) and answers `run` only for a command the policy allows by itself;
# anything else, and any trouble reaching it, returns here and airlock-sh's JVM decides as always.
# Top-level `_airlock_*` globals, no function locals: a local would hide an exported variable of the
# same name from the command's environment. Nothing here starts a process on the way to the command
# but the command itself (each would cost every command milliseconds).
#
# Usage: resident_run "$@"   (reads AIRLOCK_HOME, java_bin); exits with the command's status when the
# server ran it, returns otherwise. resident_start starts a server in the background.

# target/resident/UID: `disabled`, `starting`, and net-INODE/ (port, lock, log) per network namespace.
_airlock_dir=$AIRLOCK_HOME/target/resident/$UID

# Closes every descriptor above 2 of the (sub)shell it runs in.
_airlock_close_fds() {
  for _airlock_f in /proc/self/fd/*; do
    _airlock_f=${_airlock_f##*/}
    [ "$_airlock_f" -gt 2 ] 2>/dev/null && eval "exec $_airlock_f>&-"
  done
}

resident_start() {
  mkdir -p -m 700 "$_airlock_dir" 2>/dev/null || return
  if ! mkdir "$_airlock_dir/starting" 2>/dev/null; then
    # A starter that died leaves `starting` behind; after a minute it no longer counts.
    [ -n "$(find "$_airlock_dir/starting" -maxdepth 0 -mmin +1 2>/dev/null)" ] || return
    rm -rf "$_airlock_dir/starting"
    mkdir "$_airlock_dir/starting" 2>/dev/null || return
  fi
  # Detached: its own session, no descriptor of ours (an agent waits for its pipes to close), a clean
  # environment (the agent's secrets do not live on in it), a UTF-8 locale for file names. Started
  # from a subshell that ends at once, so the server is not our child: airlock-sh then `exec`s the
  # JVM, which never waits for children it did not start, and the server, once ended, would stay a
  # zombie of that JVM for the JVM's life (a piped shell's or a session's: hours).
  ( (
    _airlock_close_fds
    _airlock_java=$(type -P "$java_bin") || exit
    cd -P "$AIRLOCK_HOME" && _airlock_home=$PWD && cd / || exit
    exec setsid /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C.UTF-8 \
      ${AIRLOCK_RESIDENT_IDLE:+AIRLOCK_RESIDENT_IDLE="$AIRLOCK_RESIDENT_IDLE"} \
      "$_airlock_java" -XX:+UseSerialGC -XX:-UsePerfData -Xss2m -Xms16m -Xmx256m -Dairlock.home="$_airlock_home" \
      -cp "$_airlock_home/target/airlock.jar" dev.airlock.resident.ResidentMain
  ) </dev/null >"$_airlock_dir/log" 2>&1 & )
}

# Reads one NUL-ended field of the answer into _airlock_field, byte by byte as C sees them.
_airlock_read() {
  LC_ALL=C IFS= read -r -d '' -t "${1:-5}" -u "$_airlock_fd" _airlock_field
}

_airlock_give_up() {
  exec {_airlock_fd}<&-
  return 1
}

# After `go` the server may have written a decision: it is waited for as long as it lives (its end
# closes the connection), never given up on by a clock, or one command would be decided twice. If it
# ends before its answer is whole, airlock-sh's JVM decides, and first closes that decision (if any) with
# a result that says it was not run here.
_airlock_wait() {
  LC_ALL=C IFS= read -r -d '' -u "$_airlock_fd" _airlock_field
}

_airlock_unanswered() {
  exec {_airlock_fd}<&-
  export AIRLOCK_RESIDENT_UNANSWERED=1
  return 1
}

resident_run() {
  # Turned off for this build (the server said why in `disabled`); a new build tries again.
  [ "$_airlock_dir/disabled" -nt "$AIRLOCK_HOME/target/airlock.jar" ] && return 1
  # The launcher's own name for the installation is not the JVM path's canonical one: an exported
  # AIRLOCK_HOME would reach the command differently, so that rare case takes the JVM path.
  [[ ${AIRLOCK_HOME@a} == *x* ]] && return 1
  # The server of our network namespace (127.0.0.1 is another address in each), in a file of ours.
  _airlock_port=
  for _airlock_f in "$_airlock_dir"/net-*/port; do
    [ -O "$_airlock_f" ] && { IFS=' ' read -r _airlock_p _airlock_t _airlock_pid < "$_airlock_f"; } 2>/dev/null || continue
    [[ $_airlock_p =~ ^[0-9]+$ && $_airlock_pid =~ ^[0-9]+$ ]] || continue
    if [ /proc/$$/ns/net -ef "/proc/$_airlock_pid/ns/net" ]; then
      _airlock_port=$_airlock_p _airlock_token=$_airlock_t _airlock_portfile=$_airlock_f
      break
    fi
  done
  if [ -z "$_airlock_port" ]; then
    resident_start
    return 1
  fi
  { exec {_airlock_fd}<>"/dev/tcp/127.0.0.1/$_airlock_port"; } 2>/dev/null || { resident_start; return 1; }
  printf 'airlock-resident 1 %s\n' "$$" >&"$_airlock_fd" 2>/dev/null || _airlock_give_up || return 1
  # The token first: only the server that wrote the port file knows it. Another listener on that port
  # (the server gone, the port taken) is never trusted, and its stale file goes. Until we say go the
  # server decides nothing, so giving up here leaves the command to the JVM alone.
  if ! _airlock_read 10; then
    _airlock_give_up
    return 1
  fi
  if [ "$_airlock_field" != "$_airlock_token" ]; then
    _airlock_give_up
    rm -f "$_airlock_portfile"
    resident_start
    return 1
  fi
  printf 'go\n' >&"$_airlock_fd" 2>/dev/null || _airlock_give_up || return 1
  _airlock_wait || _airlock_unanswered || return 1
  # Nothing decided: the JVM decides (asks, refuses) as always.
  [ "$_airlock_field" = fallback ] && { _airlock_give_up; return 1; }
  [ "$_airlock_field" = run ] || _airlock_unanswered || return 1
  _airlock_wait && [[ $_airlock_field =~ ^[0-9]+$ ]] && _airlock_seq=$_airlock_field || _airlock_unanswered || return 1
  _airlock_wait && _airlock_real=$_airlock_field || _airlock_unanswered || return 1
  _airlock_unset=()
  _airlock_wait && [[ $_airlock_field =~ ^[0-9]+$ ]] || _airlock_unanswered || return 1
  for ((_airlock_n = _airlock_field; _airlock_n > 0; _airlock_n--)); do
    _airlock_wait || _airlock_unanswered || return 1
    _airlock_unset+=("$_airlock_field")
  done
  _airlock_set=()
  _airlock_wait && [[ $_airlock_field =~ ^[0-9]+$ ]] || _airlock_unanswered || return 1
  for ((_airlock_n = _airlock_field * 2; _airlock_n > 0; _airlock_n--)); do
    _airlock_wait || _airlock_unanswered || return 1
    _airlock_set+=("$_airlock_field")
  done
  # The words that confine the command (setsid bwrap ... --), none when it runs unconfined.
  _airlock_conf=()
  _airlock_wait && [[ $_airlock_field =~ ^[0-9]+$ ]] || _airlock_unanswered || return 1
  for ((_airlock_n = _airlock_field; _airlock_n > 0; _airlock_n--)); do
    _airlock_wait || _airlock_unanswered || return 1
    _airlock_conf+=("$_airlock_field")
  done
  _airlock_wait || _airlock_unanswered || return 1
  _airlock_ask_if_it_fails=$_airlock_field
  _airlock_wait && [ "$_airlock_field" = end ] || _airlock_unanswered || return 1

  # Allowed, and the decision record is written. The command's environment, as airlock-sh's JVM makes it:
  [ ${#_airlock_unset[@]} -gt 0 ] && unset -v "${_airlock_unset[@]}"
  for ((_airlock_n = 0; _airlock_n < ${#_airlock_set[@]}; _airlock_n += 2)); do
    export "${_airlock_set[_airlock_n]}=${_airlock_set[_airlock_n + 1]}"
  done
  # A background job, so that a signal sent to this pid alone can be passed on (bash runs traps only
  # between commands). bash starts background jobs with SIGINT and SIGQUIT ignored: `env
  # --default-signal` undoes that, except for a signal we were started with ignored, which stays so
  # (as the JVM path leaves it). `<&0` keeps stdin, which bash would give a background job as
  # /dev/null; descriptors above 2 are closed, as Java closes them. Same process group, so an agent's
  # group kill reaches the command directly.
  _airlock_defaults=INT,QUIT
  while read -r _airlock_k _airlock_v; do
    if [ "$_airlock_k" = SigIgn: ]; then
      (( 0x$_airlock_v & 2 )) && _airlock_defaults=${_airlock_defaults/INT/}
      (( 0x$_airlock_v & 4 )) && _airlock_defaults=${_airlock_defaults/QUIT/}
      break
    fi
  done < /proc/$$/status
  _airlock_defaults=${_airlock_defaults#,}
  _airlock_defaults=${_airlock_defaults%,}
  _airlock_sig=
  for _airlock_s in INT TERM HUP QUIT; do
    trap "_airlock_sig=$_airlock_s" "$_airlock_s"
  done
  _airlock_t0=${EPOCHREALTIME//[!0-9]/}
  (
    _airlock_close_fds
    # bash's own `exec` lowers SHLVL by one, since the shell is replaced (the JVM path's launcher
    # `exec`s java); an `exec` in a subshell does not, so as the JVM path would:
    export SHLVL=$(( SHLVL > 0 ? SHLVL - 1 : 0 ))
    exec /usr/bin/env ${_airlock_defaults:+--default-signal="$_airlock_defaults"} "${_airlock_conf[@]}" "$_airlock_real" "$@"
  ) <&0 &
  _airlock_child=$!
  _airlock_status=
  # A trap cuts `wait` short (128+N), unless the command ended in the same moment: then that was its
  # status, and bash has already forgotten it. Passing the signal on tells the two apart: a command
  # that has ended cannot take it.
  while :; do
    if [ -n "$_airlock_sig" ]; then
      # Confined, the command is in the group of bwrap's child (a new session inside); bwrap, in a
      # group of its own, would SIGKILL it if it got the signal itself.
      _airlock_target=$_airlock_child
      if [ ${#_airlock_conf[@]} -gt 0 ]; then
        read -r _airlock_inner _ < "/proc/$_airlock_child/task/$_airlock_child/children" 2>/dev/null \
          && [ -n "$_airlock_inner" ] && _airlock_target=-$_airlock_inner
      fi
      kill -s "$_airlock_sig" -- "$_airlock_target" 2>/dev/null || { [ -n "$_airlock_status" ] && break; }
      _airlock_sig=
    fi
    wait "$_airlock_child" 2>/dev/null
    _airlock_status=$?
    [ -n "$_airlock_sig" ] || break
  done
  _airlock_t1=${EPOCHREALTIME//[!0-9]/}
  trap - INT TERM HUP QUIT
  trap '' PIPE # the server may be gone by now; that must not change the command's status
  _airlock_ms=$(( (_airlock_t1 - _airlock_t0) / 1000 ))
  _airlock_ms=$(( _airlock_ms < 0 ? 0 : _airlock_ms ))
  if printf 'done %s %s\n' "$_airlock_status" "$_airlock_ms" >&"$_airlock_fd" 2>/dev/null && _airlock_wait; then
    if [ "$_airlock_field" = lost ]; then
      _airlock_wait
      printf 'airlock: the command ran (exit %s), but its result could not be written to the audit log: %s\n' \
        "$_airlock_status" "$_airlock_field" >&2
    fi
  else
    # The server ended while the command ran: airlock-sh's JVM writes the result record instead.
    exec {_airlock_fd}<&-
    trap - PIPE
    export AIRLOCK_RESIDENT_RESULT="$_airlock_seq $_airlock_status $_airlock_ms"
    return 1
  fi
  # It ran confined without a question and failed: airlock-sh's JVM asks a person, if one can be asked,
  # whether to run it again with writes and network (docs/sandbox.md), else says what happened.
  if [ "$_airlock_ask_if_it_fails" = ask ] && ((_airlock_status >= 1 && _airlock_status <= 125)); then
    exec {_airlock_fd}<&-
    trap - PIPE
    export AIRLOCK_ASK_UNCONFINED=$_airlock_status
    return 1
  fi
  exit "$_airlock_status"
}
