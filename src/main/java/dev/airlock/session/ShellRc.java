package dev.airlock.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The rc file airlock gives bash (`--rcfile`): it sources the user's ~/.bashrc as bash would, then
 * sets up the marks airlock follows. Bash prints them on stderr as part of its prompts: PS0 says a
 * command starts, the primary prompt is wrapped in "command ended with STATUS", "prompt starts"
 * and "prompt ends". The hook uses only assignments and expansions, so a command that redefines
 * `printf` or `builtin` cannot silence it; PROMPT_COMMAND, PS0 and the hook are read-only, and a
 * PS1 the user's own PROMPT_COMMAND (or a command) sets is wrapped again at every prompt.
 */
final class ShellRc {
    private ShellRc() {}

    static String text(String nonce, boolean userRc) {
        String tag = ";airlock-" + nonce + "\\a";
        return """
                # Written by airlock for one session and removed when it ends (docs/session.md).
                if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 404 )); then
                  echo "airlock: the session needs bash 4.4 or newer (for PS0); this is bash $BASH_VERSION" >&2
                  exit 125
                fi
                """ + (userRc ? "[ -r ~/.bashrc ] && . ~/.bashrc\n" : "") + """
                # airlock reads what is typed and keeps the history; this shell only ever gets approved commands.
                set +o history +o histexpand
                unset HISTFILE
                __airlock_user_pc=(${PROMPT_COMMAND[@]+"${PROMPT_COMMAND[@]}"})
                __airlock_wrapped=
                __airlock_ret() { return "$1"; }
                __airlock_prompt() {
                  __airlock_status=$?
                  [[ -t 2 ]] || exec 2>/dev/tty
                  [[ $PS1 == "$__airlock_wrapped" ]] && PS1=$__airlock_user_ps1
                  for __airlock_c in "${__airlock_user_pc[@]}"; do __airlock_ret "$__airlock_status"; eval "$__airlock_c"; done
                  __airlock_user_ps1=$PS1
                  PS2=
                  __airlock_wrapped=$'\\e]133;D;'"$__airlock_status"$'TAG\\e]133;ATAG'"$PS1"$'\\e]133;BTAG'
                  PS1=$__airlock_wrapped
                  return "$__airlock_status"
                }
                PS0=$'\\e]133;CTAG'
                unset PROMPT_COMMAND # an array (bash 5.1) would keep its other elements
                PROMPT_COMMAND=__airlock_prompt
                if [[ $PROMPT_COMMAND != __airlock_prompt || $PS0 != $'\\e]133;CTAG' ]]; then
                  echo "airlock: PROMPT_COMMAND or PS0 is read-only (~/.bashrc?); the session cannot follow this shell" >&2
                  exit 125
                fi
                readonly PS0 PROMPT_COMMAND
                readonly -f __airlock_prompt __airlock_ret
                """.replace("TAG", tag);
    }

    /** Writes the rc file, readable by this user only, into the session's private directory. */
    static Path write(Path dir, String nonce, boolean userRc) throws IOException {
        Path rc = dir.resolve("bashrc");
        Files.writeString(rc, text(nonce, userRc), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        return rc;
    }
}
