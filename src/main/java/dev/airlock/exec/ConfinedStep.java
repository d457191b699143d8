package dev.airlock.exec;

import dev.airlock.shell.Quote;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One command of a long-lived shell run in a sandbox of its own (docs/sandbox.md, "the piped
 * shell"): the shell writes its state (variables, functions, aliases, options) to a file, a confined
 * bash starts from it, runs the command, and hands back its directory and variables. What comes back
 * is data written by confined code: it is read here, never sourced, and each variable is applied
 * only when the policy would allow setting it in a command of its own.
 */
public final class ConfinedStep {
    /** More than any real shell's variables; a bigger hand-back is dropped whole. */
    private static final long MAX_HANDBACK = 4 << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Dumps the shell's plain variables as NUL-separated name, attributes, value. Defined before the
     * state is loaded, so no alias or function of the agent's changes how it reads; what the command
     * itself does to it later changes only what the command hands back, which is checked anyway.
     */
    private static final String DUMP = "__airlock_vars() { local __airlock_n __airlock_names;"
            + " mapfile -t __airlock_names < <(compgen -v);"
            + " for __airlock_n in \"${__airlock_names[@]}\"; do"
            + " case $__airlock_n in __airlock_*|BASH*|PWD|OLDPWD|SHLVL|_|PPID|UID|EUID|GROUPS|RANDOM|SRANDOM|SECONDS"
            + "|LINENO|HISTCMD|EPOCHREALTIME|EPOCHSECONDS|FUNCNAME|PIPESTATUS|DIRSTACK|COMP_*|SHELLOPTS|COLUMNS|LINES)"
            + " continue;; esac;"
            + " [[ -v $__airlock_n ]] || continue;"
            + " printf '%s\\0%s\\0%s\\0' \"$__airlock_n\" \"${!__airlock_n@a}\" \"${!__airlock_n}\"; done; }\n";

    private final Path dir;
    private final Path out;

    /** {@code dir}: the piped shell's private directory (mode 0700), visible read-only inside the sandbox. */
    public ConfinedStep(Path dir) throws IOException {
        this.dir = dir;
        this.out = dir.resolve("out");
        Files.createDirectories(out);
    }

    /**
     * The text the long-lived shell runs in place of {@code command}: save the state, then run the
     * command in a confined bash. {@code prefix}: the sandbox's words, ending in `--`.
     */
    public String shellText(String command, List<String> prefix, String realShell) throws IOException {
        clear();
        return shellText(dir, command, prefix, realShell, true);
    }

    private int backgroundRuns;

    /**
     * As {@link #shellText}, for a command whose last part runs in the background (`server &`): the
     * long-lived shell runs it as a job of its own, the confined bash waits for its jobs (they would die
     * with its sandbox), and nothing comes back, as nothing comes back from a background job in bash.
     */
    public String shellTextInBackground(String command, List<String> prefix, String realShell) throws IOException {
        Path run = dir.resolve("job-" + (++backgroundRuns));
        Files.createDirectories(run.resolve("out"));
        return shellText(run, command, prefix, realShell, false);
    }

    private static String shellText(Path run, String command, List<String> prefix, String realShell, boolean handBack)
            throws IOException {
        Files.writeString(run.resolve("command"), command + "\n", StandardCharsets.UTF_8);
        Path out = run.resolve("out");
        List<String> argv = new ArrayList<>(prefix.subList(0, prefix.size() - 1));
        argv.addAll(List.of("--ro-bind", run.toString(), run.toString(), "--bind", out.toString(), out.toString(), "--"));
        argv.addAll(List.of(realShell, "--norc", "--noprofile", "-c", childScript(run, handBack)));
        // The words go through an array: a job that stops (Ctrl-Z) is shown by its text, which stays one short line.
        StringBuilder sb = new StringBuilder("__airlock_prev=$?; __airlock_sandbox=(");
        for (String word : argv) {
            sb.append(Quote.word(word)).append(' ');
        }
        return sb.append("); { declare -p; declare -f; alias -p; shopt -p; } >")
                .append(Quote.word(run.resolve("state").toString())).append(" 2>/dev/null; set +o >")
                .append(Quote.word(run.resolve("options").toString())).append("; \"${__airlock_sandbox[@]}\" \"$0\" \"$@\"")
                .toString();
    }

    /** Runs inside the sandbox: load the state, note the variables, run the command, hand back. */
    private static String childScript(Path run, boolean handBack) {
        String d = Quote.word(run.toString());
        String o = Quote.word(run.resolve("out").toString());
        String load = DUMP
                + ". " + d + "/state 2>/dev/null\n"
                + (handBack ? "__airlock_vars >" + o + "/before\n" : "")
                + ". " + d + "/options 2>/dev/null; set +m\n" // job control stays the long-lived shell's
                + "(exit \"$__airlock_prev\"); . " + d + "/command\n";
        if (!handBack) {
            return load + "__airlock_status=$?; wait; exit \"$__airlock_status\"\n";
        }
        return load
                + "__airlock_status=$?; set +eu; trap - DEBUG RETURN ERR\n"
                + "printf '%s\\0' \"$PWD\" >" + o + "/cwd; __airlock_vars >" + o + "/after\n"
                + "exit \"$__airlock_status\"\n";
    }

    /** Removes the step's files, at the end of the shell. */
    public void remove() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void clear() throws IOException {
        for (String name : List.of("before", "after", "cwd")) {
            Files.deleteIfExists(out.resolve(name));
        }
    }

    /**
     * What the long-lived shell runs after the confined command: go to its directory and set the
     * variables it set that the policy allows setting in a command of their own (judged in {@code cwd}).
     * Empty when the command never got back to the end of its text (`exit`, `exec`), which would
     * have ended the long-lived shell too.
     */
    public Optional<Return> back(dev.airlock.policy.Classifier classifier, String cwd) {
        Optional<Handback> back = handback();
        if (back.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder apply = new StringBuilder(": ; ");
        back.get().cwd().ifPresent(d -> apply.append("builtin cd -- ").append(Quote.word(d)).append("; "));
        List<String> refused = new ArrayList<>();
        for (Change change : back.get().changes()) {
            if (classifier.classify(change.judged(), cwd).verdict().decision() == dev.airlock.policy.Decision.ALLOW) {
                apply.append(change.applied()).append("; ");
            } else {
                refused.add(change.name());
            }
        }
        return Optional.of(new Return(apply.toString(), refused));
    }

    /**
     * {@code apply}: shell text ending in `; `; {@code refused}: variables not carried back.
     */
    public record Return(String apply, List<String> refused) {
        /** The `airlock:` line that names the variables left behind, or empty. */
        public Optional<String> note() {
            return refused.isEmpty() ? Optional.empty() : Optional.of("airlock: the sandboxed command set "
                    + String.join(", ", refused) + "; not kept in this shell: setting "
                    + (refused.size() == 1 ? "it" : "them") + " needs a person's approval");
        }
    }

    /** What a confined run handed back, or empty when it never got back to the end of its text (`exit`, `exec`). */
    Optional<Handback> handback() {
        try {
            Optional<String> after = read("after");
            Optional<String> cwd = read("cwd");
            Optional<String> before = read("before");
            if (after.isEmpty() || cwd.isEmpty() || before.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Handback(directory(cwd.get()), variables(before.get()), variables(after.get())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<String> read(String name) throws IOException {
        Path p = out.resolve(name);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > MAX_HANDBACK) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(p)) {
            return Optional.of(new String(in.readNBytes((int) MAX_HANDBACK), StandardCharsets.UTF_8));
        }
    }

    private static Optional<String> directory(String field) {
        String d = field.endsWith("\0") ? field.substring(0, field.length() - 1) : field;
        if (!d.startsWith("/") || d.indexOf('\0') >= 0 || !Files.isDirectory(Path.of(d))) {
            return Optional.empty();
        }
        return Optional.of(d);
    }

    private static Map<String, Variable> variables(String dump) {
        Map<String, Variable> vars = new LinkedHashMap<>();
        String[] f = dump.split("\0", -1);
        for (int i = 0; i + 2 < f.length; i += 3) {
            if (NAME.matcher(f[i]).matches()) {
                vars.put(f[i], new Variable(f[i + 1], f[i + 2]));
            }
        }
        return vars;
    }

    /** A variable as bash's `${x@a}` and `${x}` show it. */
    record Variable(String attributes, String value) {
        boolean exported() {
            return attributes.indexOf('x') >= 0;
        }

        /** Read-only, a reference to another name, or an array: never set back from a dump. */
        boolean special() {
            return attributes.chars().anyMatch(c -> c == 'r' || c == 'n' || c == 'a' || c == 'A');
        }
    }

    /** The confined shell's directory at the end, and its variables before and after the command. */
    record Handback(Optional<String> cwd, Map<String, Variable> before, Map<String, Variable> after) {
        /** One change per variable the command set, exported or unset, as shell text of its own. */
        List<Change> changes() {
            List<Change> out = new ArrayList<>();
            after.forEach((name, now) -> {
                Variable was = before.get(name);
                if (now.special() || (was != null && was.special()) || now.equals(was)) {
                    return;
                }
                String assign = name + "=" + Quote.word(now.value());
                // Unset first: an integer or case attribute would evaluate or alter the value, a
                // reference would write through to another name.
                String text = (now.exported() ? "export " : "") + assign;
                out.add(new Change(name, text, "unset -n " + name + " 2>/dev/null; unset -v " + name + "; " + text));
            });
            before.forEach((name, was) -> {
                if (!after.containsKey(name) && !was.special()) {
                    out.add(new Change(name, "unset -v " + name, "unset -v " + name));
                }
            });
            return out;
        }
    }

    /** {@code judged}: the text the policy judges; {@code applied}: what the long-lived shell runs. */
    record Change(String name, String judged, String applied) {}
}
