# Sourced by bin/airlock and bin/airlock-sh (not run): class-data sharing for a JVM start.
#
# An archive of the classes a start loads (on JDK 25+ an AOT cache, which also keeps them linked),
# made once per launcher, jar and Java in the background and used from then on. A missing, stale or
# foreign archive only costs time: the JVM ignores it silently (its logs are off, so nothing reaches
# the command's stderr).
#
# Usage: jvm_archive NAME MAIN TRAINING-ARGS...   (reads java_bin, jar, flags, AIRLOCK_HOME)
# Sets the array `cds`: the flags to add to this start. When there is no current archive, it starts
# one detached training run of MAIN TRAINING-ARGS with the same flags, in a private home.
jvm_archive() {
  local name=$1 main=$2
  shift 2
  local java_path java_real major=0 key value archive use_archive make_archive train
  java_path=$(command -v "$java_bin")
  java_real=$(readlink -f "$java_path" 2>/dev/null || echo "$java_path")
  if [ -r "${java_real%/bin/java}/release" ]; then
    while IFS='=' read -r key value; do
      if [ "$key" = JAVA_VERSION ]; then value=${value//\"/}; major=${value%%.*}; break; fi
    done < "${java_real%/bin/java}/release"
  fi
  archive=$AIRLOCK_HOME/target/$name${java_real//[^A-Za-z0-9]/_}
  local quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ "$major" -ge 25 ] 2>/dev/null; then
    # JDK 25 refuses -Xshare:auto next to -XX:AOTCache.
    archive+=.aot
    quiet+=(-Xlog:aot=off)
    use_archive=-XX:AOTCache=$archive
    make_archive=-XX:AOTCacheOutput
  else
    archive+=.jsa
    quiet+=(-Xshare:auto)
    use_archive=-XX:SharedArchiveFile=$archive
    make_archive=-XX:ArchiveClassesAtExit
  fi
  cds=("${quiet[@]}")
  # A damaged archive would be ignored by the JVM on every start, never replaced: its first bytes must be
  # the magic of a CDS archive or AOT cache (0xf00baba2, dynamic 0xf00baba8), else it is made again.
  local magic=
  [ -f "$archive" ] && LC_ALL=C read -r -N 4 magic < "$archive" 2>/dev/null
  if [ -f "$archive" ] && [ "$archive" -nt "$jar" ] && [[ $magic == [$'\xa2\xa8']$'\xab\x0b\xf0' ]]; then
    cds+=("$use_archive")
  elif mkdir "$archive.lock" 2>/dev/null || { [ -n "$(find "$archive.lock" -maxdepth 0 -mmin +2 2>/dev/null)" ] && rm -rf "$archive.lock" && mkdir "$archive.lock" 2>/dev/null; }; then
    # Detached (own session, no inherited descriptors) so an agent neither waits for it nor kills it;
    # from a subshell that ends at once, so it is not a child of the JVM this launcher `exec`s next
    # (which would never reap it: a zombie for the JVM's life).
    train=$archive.lock
    ( setsid /bin/bash -c '
      train=$1; archive=$2; java_bin=$3; jar=$4; make_archive=$5; main=$6; nflags=$7; shift 7
      HOME=$train XDG_STATE_HOME=$train XDG_CONFIG_HOME=$train AIRLOCK_AUDIT=$train/audit.jsonl \
        "$java_bin" "${@:1:nflags}" "$make_archive=$train/new" -cp "$jar" "$main" "${@:nflags+1}" &&
        [ -s "$train/new" ] && mv -f "$train/new" "$archive"
      rm -rf "$train"' _ "$train" "$archive" "$java_bin" "$jar" "$make_archive" "$main" \
        $((${#flags[@]} + ${#quiet[@]})) "${flags[@]}" "${quiet[@]}" "$@" </dev/null >/dev/null 2>&1 & )
  fi
}
