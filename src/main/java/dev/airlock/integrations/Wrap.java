package dev.airlock.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `airlock wrap AGENT [ARGS...]`: the same guard as setup, for one run and without touching a file:
 * Claude Code gets CLAUDE_CODE_SHELL, opencode its "shell" through OPENCODE_CONFIG_CONTENT (and SHELL),
 * Gemini CLI the shim directory first on PATH, Codex a private namespace where the shim is its login shell.
 */
public final class Wrap {
    private final Install install;
    private final Map<String, String> env;
    private final PrintWriter err;

    public Wrap(Install install, Map<String, String> env, PrintWriter err) {
        this.install = install;
        this.env = Map.copyOf(env);
        this.err = err;
    }

    public WrapPlan plan(Agent agent, List<String> args) throws ConfigException {
        Path program = Programs.find(agent.program(), env.get("PATH"), install.shimDir()).orElseThrow(() ->
                new ConfigException(agent.program() + " is not on PATH; install " + agent.title() + " (npm "
                        + agent.npmPackage() + ") or put its directory on PATH"));
        String shim = install.shimBash().toString();
        Map<String, String> set = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(args);
        switch (agent) {
            case CLAUDE_CODE:
                set.put("CLAUDE_CODE_SHELL", shim);
                warnIfSettingsDisagree();
                return new WrapPlan(set, argv);
            case OPENCODE:
                // The configured "shell" comes before $SHELL; the inline config overrides every config file.
                set.put("OPENCODE_CONFIG_CONTENT", withShell(env.get("OPENCODE_CONFIG_CONTENT"), shim));
                set.put("SHELL", shim);
                return new WrapPlan(set, argv);
            case GEMINI:
                String path = env.get("PATH");
                set.put("PATH", install.shimDir() + (path == null || path.isEmpty() ? "" : File.pathSeparator + path));
                return new WrapPlan(set, argv);
            case CODEX:
                return new WrapPlan(set, new Namespace(env).argv(install.shimBash(), argv));
            default:
                throw new IllegalArgumentException(agent.toString());
        }
    }

    /** The inline opencode configuration with "shell" set; the person's own inline settings are kept. */
    static String withShell(String inline, String shim) throws ConfigException {
        ObjectNode root = JsonText.STRICT.createObjectNode();
        if (inline != null && !inline.isBlank()) {
            try {
                JsonNode n = JsonText.STRICT.readTree(inline);
                if (!(n instanceof ObjectNode o)) {
                    throw new ConfigException("OPENCODE_CONFIG_CONTENT is not a JSON object; nothing was run");
                }
                root = o;
            } catch (JsonProcessingException e) {
                throw new ConfigException("OPENCODE_CONFIG_CONTENT is not JSON (" + e.getOriginalMessage() + "); nothing was run");
            }
        }
        root.put("shell", shim);
        return root.toString();
    }

    /** Claude Code's settings "env" may name another shell, and settings win over the environment. */
    private void warnIfSettingsDisagree() {
        Guards guards = new Guards(install, env, null);
        try {
            JsonEdit edit = (JsonEdit) guards.setup(Agent.CLAUDE_CODE, false).edit();
            JsonNode v = edit.value(ConfigFiles.read(ConfigFiles.target(edit.file())), Guards.CLAUDE_SHELL_KEY);
            if (v != null && !guards.shimValue().test(v)) {
                err.println("airlock: warning: " + edit.file() + " sets env.CLAUDE_CODE_SHELL to " + v
                        + ", which Claude Code may use instead of airlock-sh; run: airlock setup claude-code --apply");
                err.flush();
            }
        } catch (ConfigException e) {
            err.println("airlock: warning: " + e.getMessage());
            err.flush();
        }
    }
}
