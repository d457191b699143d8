package dev.airlock.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.shell.Quote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which file and key guards each agent, chosen from how each really picks its shell
 * (see docs/integrations.md): Claude Code and opencode have a setting; Gemini CLI and Codex do not,
 * so a shell function starts them through {@code airlock wrap}.
 */
public final class Guards {
    static final List<String> CLAUDE_SHELL_KEY = List.of("env", "CLAUDE_CODE_SHELL");
    static final List<String> CLAUDE_HOOK_KEY = List.of("hooks", "PreToolUse");
    static final List<String> OPENCODE_SHELL_KEY = List.of("shell");

    private final Install install;
    private final Map<String, String> env;
    private final Path rcFile;

    /** {@code rcFile}: where shell functions go; null picks ~/.bashrc or ~/.zshrc from $SHELL. */
    public Guards(Install install, Map<String, String> env, Path rcFile) {
        this.install = install;
        this.env = Map.copyOf(env);
        this.rcFile = rcFile;
    }

    /** What {@code airlock setup AGENT} changes; with {@code hook}, Claude Code's PreToolUse hook too. */
    public Guard setup(Agent agent, boolean hook) throws ConfigException {
        return guard(agent, hook);
    }

    /** What undo takes out: everything setup may have added, whichever options it was given. */
    public Guard undo(Agent agent) throws ConfigException {
        return guard(agent, true);
    }

    /** The edits an earlier apply may have made, with and without its options. */
    public List<Edit> applied(Agent agent) throws ConfigException {
        return List.of(guard(agent, false).edit(), guard(agent, true).edit());
    }

    private Guard guard(Agent agent, boolean hook) throws ConfigException {
        switch (agent) {
            case CLAUDE_CODE: {
                List<JsonEdit.Op> ops = new ArrayList<>();
                ops.add(shellOp(CLAUDE_SHELL_KEY));
                List<String> notes = new ArrayList<>(List.of(
                        "Claude Code runs each Bash tool command as \"$CLAUDE_CODE_SHELL\" -c ...; the \"env\" block of its",
                        "settings sets that variable for every new session. A project's .claude/settings.json may override it."));
                if (hook) {
                    ops.add(hookOp());
                    notes.add("The PreToolUse hook answers Claude Code before a command runs: allow, ask (Claude Code's own");
                    notes.add("prompt shows airlock's reasons) or deny (the model reads why); airlock-sh still decides when it runs.");
                }
                return new Guard(agent, new JsonEdit(claudeSettings(), ops), "settings.json env.CLAUDE_CODE_SHELL", notes);
            }
            case OPENCODE:
                return new Guard(agent, new JsonEdit(opencodeConfig(), List.of(shellOp(OPENCODE_SHELL_KEY))),
                        "opencode.json \"shell\"", List.of(
                                "opencode runs its bash tool with the \"shell\" of its configuration before $SHELL.",
                                "A project's opencode.json with its own \"shell\" overrides this global one."));
            case GEMINI:
                return new Guard(agent, function(agent), "shell function gemini() in " + rc(), List.of(
                        "Gemini CLI runs the first bash on PATH and has no setting for it. The function starts Gemini",
                        "through `airlock wrap gemini`, which puts airlock's shim first on PATH for Gemini alone; the",
                        "rest of your shell keeps the real bash. Started another way (an IDE, a script), use `airlock wrap gemini`."));
            case CODEX:
                return new Guard(agent, function(agent), "shell function codex() in " + rc(), List.of(
                        "Codex runs only your login shell from the password database. Your login shell is NOT changed:",
                        "the function starts Codex through `airlock wrap codex`, in a private user and mount namespace",
                        "where /etc/passwd names airlock-sh as your login shell. Inside it sudo and other set-uid programs",
                        "gain no privileges. Started another way (an IDE, a script), use `airlock wrap codex`."));
            default:
                throw new IllegalArgumentException(agent.toString());
        }
    }

    public Path claudeSettings() {
        String dir = env.get("CLAUDE_CONFIG_DIR");
        return (nonEmpty(dir) ? Path.of(dir) : home().resolve(".claude")).resolve("settings.json");
    }

    public Path opencodeConfig() {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = nonEmpty(xdg) && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home().resolve(".config");
        return config.resolve("opencode/opencode.json");
    }

    /** The rc file the person's interactive shell reads: ~/.bashrc or ~/.zshrc after $SHELL. */
    public Path rc() throws ConfigException {
        if (rcFile != null) {
            return rcFile.toAbsolutePath();
        }
        String shell = env.getOrDefault("SHELL", "");
        String name = shell.isEmpty() ? "" : Path.of(shell).getFileName().toString();
        if (name.equals("bash")) {
            return home().resolve(".bashrc");
        }
        if (name.equals("zsh")) {
            String zdot = env.get("ZDOTDIR");
            return (nonEmpty(zdot) ? Path.of(zdot) : home()).resolve(".zshrc");
        }
        throw new ConfigException("your shell is " + (shell.isEmpty() ? "unknown ($SHELL is not set)" : shell)
                + "; airlock writes bash or zsh functions: give --rc FILE, or start the agent with `airlock wrap AGENT`");
    }

    private ShellFunction function(Agent agent) throws ConfigException {
        String body = agent.program() + "() { " + Quote.word(install.launcher().toString()) + " wrap " + agent.id() + " \"$@\"; }";
        return new ShellFunction(rc(), agent.id(), body);
    }

    private JsonEdit.Op shellOp(List<String> key) {
        return new JsonEdit.Text(key, install.shimBash().toString(), shimValue());
    }

    /** A shell setting airlock wrote: this installation's shim, or another checkout's. */
    Predicate<JsonNode> shimValue() {
        return v -> v.isTextual() && (install.isShim(v.asText()) || v.asText().matches(".*/bin/shim/(bash|zsh|sh)"));
    }

    private JsonEdit.Op hookOp() {
        ObjectNode entry = JsonText.STRICT.createObjectNode();
        entry.put("matcher", "Bash");
        ObjectNode command = entry.putArray("hooks").addObject();
        command.put("type", "command");
        command.put("command", hookCommand());
        return new JsonEdit.Entry(CLAUDE_HOOK_KEY, entry, Guards::isAirlockHook);
    }

    /** The hook as Claude Code runs it: through sh -c, so the launcher's path is quoted. */
    public String hookCommand() {
        return Quote.word(install.launcher().toString()) + " hook claude-code";
    }

    /** A PreToolUse matcher group whose command is some installation's `airlock hook claude-code`. */
    static boolean isAirlockHook(JsonNode group) {
        JsonNode hooks = group.get("hooks");
        if (hooks == null || !hooks.isArray()) {
            return false;
        }
        for (JsonNode h : hooks) {
            JsonNode c = h.get("command");
            if (c != null && c.isTextual() && c.asText().matches("(?s).*airlock'?\\s+hook\\s+claude-code\\s*")) {
                return true;
            }
        }
        return false;
    }

    private Path home() {
        String h = env.get("HOME");
        return Path.of(nonEmpty(h) ? h : System.getProperty("user.home"));
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
