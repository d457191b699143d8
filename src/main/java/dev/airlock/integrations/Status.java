package dev.airlock.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** `airlock setup --status`: each agent, where it is, its version, and whether and how its shell is guarded. */
public final class Status {
    /** Guarded, not guarded, or set up in a way that cannot work (a shim that is gone, a file that does not parse). */
    public enum State { GUARDED, UNGUARDED, BROKEN }

    public record Row(Agent agent, Optional<Path> program, Optional<String> version, State state, String how) {}

    private final Install install;
    private final Map<String, String> env;
    private final Guards guards;

    public Status(Install install, Map<String, String> env, Path rc) {
        this.install = install;
        this.env = Map.copyOf(env);
        this.guards = new Guards(install, env, rc);
    }

    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (Agent a : Agent.values()) {
            Optional<Path> program = Programs.find(a.program(), env.get("PATH"), install.shimDir());
            Optional<String> version = program.flatMap(p -> Programs.version(a, p, env));
            Row guard = guard(a);
            out.add(new Row(a, program, version, guard.state(), guard.how()));
        }
        return out;
    }

    public void print(PrintWriter out) {
        out.printf("%-12s %-10s %-10s %s%n", "AGENT", "VERSION", "STATE", "HOW");
        for (Row r : rows()) {
            String version = r.program().isEmpty() ? "-" : r.version().orElse("unknown");
            String how = r.program().isEmpty() ? "not found on PATH; " + r.how() : r.how() + " (" + r.program().get() + ")";
            out.printf("%-12s %-10s %-10s %s%n", r.agent().id(), version, label(r.state()), how);
        }
        out.println();
        out.println(sandboxLine(dev.airlock.sandbox.Bubblewrap.detect(env)));
        for (ProjectOverrides.Override o : ProjectOverrides.find(Path.of("").toAbsolutePath(), install.home())) {
            out.println("warning: " + o.text());
        }
    }

    /** One line on confinement, for every guarded agent alike (docs/sandbox.md). */
    static String sandboxLine(dev.airlock.sandbox.SandboxStatus s) {
        if (s.available()) {
            return "sandbox: on: allowed commands, unknown programs and code run read-only without network";
        }
        String why = s instanceof dev.airlock.sandbox.SandboxStatus.Unavailable u ? u.why() : "AIRLOCK_SANDBOX=off";
        return "sandbox: " + s.label() + " (" + why + "): commands are only classified; run `airlock doctor`";
    }

    static String label(State s) {
        switch (s) {
            case GUARDED:
                return "guarded";
            case BROKEN:
                return "BROKEN";
            default:
                return "unguarded";
        }
    }

    /** The guard state alone (program and version left empty). */
    public Row guard(Agent a) {
        try {
            switch (a) {
                case CLAUDE_CODE:
                    return jsonGuard(a, Guards.CLAUDE_SHELL_KEY, "CLAUDE_CODE_SHELL");
                case OPENCODE:
                    return jsonGuard(a, Guards.OPENCODE_SHELL_KEY, "SHELL");
                default:
                    return functionGuard(a);
            }
        } catch (ConfigException e) {
            return row(a, State.BROKEN, e.getMessage());
        }
    }

    private Row jsonGuard(Agent a, List<String> key, String variable) throws ConfigException {
        JsonEdit edit = (JsonEdit) guards.setup(a, a == Agent.CLAUDE_CODE).edit();
        Path file = ConfigFiles.target(edit.file());
        Optional<String> text = ConfigFiles.read(file);
        JsonNode value = edit.value(text, key);
        String where = file + " " + String.join(".", key);
        if (value != null && guards.shimValue().test(value)) {
            if (!Files.isExecutable(Path.of(value.asText()))) {
                return row(a, State.BROKEN, where + " names " + value.asText() + ", which is missing: run airlock setup "
                        + a.id() + " --apply again from this installation");
            }
            boolean hook = false;
            for (JsonEdit.Op op : edit.ops()) {
                hook |= op instanceof JsonEdit.Entry && edit.has(text, op);
            }
            return row(a, State.GUARDED, where + " -> airlock-sh" + (hook ? ", and the PreToolUse hook" : ""));
        }
        if (install.isShim(env.get(variable))) {
            return row(a, State.GUARDED, "$" + variable + " in this environment only -> airlock-sh");
        }
        String now = value == null ? "unset" : "is " + value;
        return row(a, State.UNGUARDED, where + " " + now + "; to guard: airlock setup " + a.id() + " --apply");
    }

    private Row functionGuard(Agent a) throws ConfigException {
        ShellFunction fn = (ShellFunction) guards.setup(a, false).edit();
        Path file = ConfigFiles.target(fn.file());
        Optional<String> text = ConfigFiles.read(file);
        if (fn.applied(text)) {
            return row(a, State.GUARDED, "function " + a.program() + "() in " + file + " starts it with `airlock wrap "
                    + a.id() + "` (interactive shells)");
        }
        Optional<String> other = fn.installed(text);
        if (other.isPresent()) {
            // Another checkout's function (or one edited by hand): it works while the launcher it calls exists.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/[^'\" ]*/bin/airlock").matcher(other.get());
            boolean works = m.find() && Files.isExecutable(Path.of(m.group()));
            return row(a, works ? State.GUARDED : State.BROKEN, "function " + a.program() + "() in " + file
                    + " differs from what this installation writes (" + other.get() + ")"
                    + (works ? "" : " and calls no airlock that exists") + "; airlock setup " + a.id() + " --apply replaces it");
        }
        if (a == Agent.GEMINI && Programs.find("bash", env.get("PATH"), null).map(p -> install.isShim(p.toString())).orElse(false)) {
            return row(a, State.GUARDED, "airlock's shim is the first bash on PATH in this environment only");
        }
        return row(a, State.UNGUARDED, "no function " + a.program() + "() in " + file + "; to guard: airlock setup "
                + a.id() + " --apply, or start it with airlock wrap " + a.id());
    }

    private static Row row(Agent a, State s, String how) {
        return new Row(a, Optional.empty(), Optional.empty(), s, how);
    }
}
