package dev.airlock.analysis;

import java.util.Map;
import java.util.Set;

/**
 * Commands that run another command given in their arguments, and how to find it: which options
 * take a value, how many positional arguments come before the command, which options make them
 * not run anything, and which options carry a shell string.
 */
final class Wrappers {
    private Wrappers() {}

    record Spec(Set<String> valueOptions, int positionals, boolean assignments, Set<String> noCommandOptions,
            Set<String> shellStringOptions, boolean joinsArgsAsShell) {
        /** Options followed by a value: plain values and shell strings. */
        Set<String> takesValue() {
            Set<String> all = new java.util.HashSet<>(valueOptions);
            all.addAll(shellStringOptions);
            return all;
        }
    }

    private static Spec spec(Set<String> valueOptions) {
        return new Spec(valueOptions, 0, false, Set.of(), Set.of(), false);
    }

    static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry("sudo", new Spec(Set.of("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user",
                    "--group", "--host", "--prompt", "--close-from", "--chdir", "--role", "--type", "--other-user",
                    "--command-timeout"), 0, true, Set.of("-l", "--list", "-v", "--validate", "-k", "-K", "-V",
                    "--version", "-e", "--edit", "-h", "--help"), Set.of(), false)),
            Map.entry("doas", new Spec(Set.of("-u", "-C"), 0, false, Set.of("-L"), Set.of(), false)),
            Map.entry("env", new Spec(Set.of("-u", "--unset", "-C", "--chdir"), 0, true, Set.of("--help", "--version"),
                    Set.of("-S", "--split-string"), false)),
            Map.entry("nice", spec(Set.of("-n", "--adjustment"))),
            Map.entry("ionice", new Spec(Set.of("-c", "--class", "-n", "--classdata"), 0, false,
                    Set.of("-p", "--pid", "-P", "--pgid", "-u", "--uid"), Set.of(), false)),
            Map.entry("nohup", spec(Set.of())),
            Map.entry("timeout", new Spec(Set.of("-s", "--signal", "-k", "--kill-after"), 1, false, Set.of(), Set.of(),
                    false)),
            Map.entry("time", spec(Set.of("-f", "--format", "-o", "--output"))),
            Map.entry("stdbuf", spec(Set.of("-i", "-o", "-e", "--input", "--output", "--error"))),
            Map.entry("setsid", spec(Set.of())),
            Map.entry("chroot", new Spec(Set.of("--userspec", "--groups"), 1, false, Set.of(), Set.of(), false)),
            Map.entry("command", new Spec(Set.of(), 0, false, Set.of("-v", "-V"), Set.of(), false)),
            Map.entry("builtin", spec(Set.of())),
            Map.entry("exec", spec(Set.of("-a"))),
            Map.entry("watch", new Spec(Set.of("-n", "--interval", "-q", "--equexit", "--color"), 0, false, Set.of(),
                    Set.of(), true)),
            Map.entry("flock", new Spec(Set.of("-w", "--wait", "--timeout", "-E", "--conflict-exit-code"), 1, false,
                    Set.of(), Set.of("-c", "--command"), false)),
            Map.entry("su", new Spec(Set.of("-g", "-G", "-s", "--shell", "-w", "--group", "--supp-group"), 0, false,
                    Set.of(), Set.of("-c", "--command"), false)),
            Map.entry("runuser", new Spec(Set.of("-u", "-g", "-G", "-s", "--user", "--group", "--shell"), 0, false,
                    Set.of(), Set.of("-c", "--command"), false)),
            Map.entry("strace", spec(Set.of("-o", "-e", "-p", "-s", "-u", "-E", "-P", "-I", "-b", "-a", "-X"))),
            Map.entry("ltrace", spec(Set.of("-o", "-e", "-p", "-s", "-u", "-E", "-n", "-a", "-A", "-D", "-l"))),
            Map.entry("unbuffer", spec(Set.of())),
            Map.entry("faketime", new Spec(Set.of("-m", "-f"), 1, false, Set.of(), Set.of(), false)),
            Map.entry("caffeinate", spec(Set.of("-t", "-w"))),
            Map.entry("torsocks", spec(Set.of("-u", "-p", "-a", "-P"))),
            Map.entry("proxychains", spec(Set.of("-f"))),
            Map.entry("proxychains4", spec(Set.of("-f"))),
            Map.entry("nsenter", spec(Set.of("-t", "--target", "-S", "--setuid", "-G", "--setgid"))),
            Map.entry("unshare", spec(Set.of("--map-user", "--map-group", "--propagation", "--setgroups"))),
            Map.entry("systemd-run", spec(Set.of("-p", "--property", "-u", "--unit", "--uid", "--gid", "-E",
                    "--setenv", "--description", "--slice", "-M", "--machine", "-H", "--host"))),
            Map.entry("catchsegv", spec(Set.of())),
            Map.entry("valgrind", spec(Set.of())),
            Map.entry("xvfb-run", spec(Set.of("-n", "--server-num", "-s", "--server-args", "-f", "--auth-file",
                    "-e", "--error-file", "-p", "--xauth-protocol"))));

    /**
     * Shells whose `-c` text and input airlock reads with its bash grammar. zsh and fish are not among them:
     * their grammars run code where bash reads data (zsh `${(e)x}` and glob qualifiers `*(e:cmd:)`, fish
     * `(cmd)`), so `zsh -c` is judged as a shell running a script.
     */
    static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ksh", "mksh", "ash", "yash", "posh", "rbash",
            "busybox");

    /** Shells with another grammar: their text is read as bash only to find what it surely runs. */
    static final Set<String> FOREIGN_SHELLS = Set.of("zsh", "fish");

    /** Shell options that take the next argument as their value. */
    static final Set<String> SHELL_VALUE_OPTIONS = Set.of("-o", "+o", "-O", "+O", "--rcfile", "--init-file");

    /** xargs options followed by a value (attached or the next word). */
    static final Set<String> XARGS_VALUE_OPTIONS = Set.of("-I", "-L", "-n", "-P", "-d", "-E", "-s", "-a", "--arg-file",
            "--delimiter", "--max-args", "--max-procs", "--max-chars", "--process-slot-var");

    /** xargs options whose value is optional and only ever attached: `-l`, `-l5`, `-i`, `-i%`, `-e`, `-eEND`. */
    static final Set<String> XARGS_OPTIONAL_VALUE = Set.of("-l", "-e", "-i");

    static final Set<String> FIND_EXEC = Set.of("-exec", "-execdir", "-ok", "-okdir");
}
