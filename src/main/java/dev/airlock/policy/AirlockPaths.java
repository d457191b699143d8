package dev.airlock.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where airlock keeps its files, from the environment (DESIGN.md "Files and environment"). */
public record AirlockPaths(Path home, Path userPolicy, Path stateDir, Path auditLog, Path socket, Path install) {

    public static AirlockPaths from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path config = dir(env, "XDG_CONFIG_HOME", home.resolve(".config"));
        Path state = dir(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("airlock");
        Path policy = nonEmpty(env, "AIRLOCK_POLICY") ? Path.of(env.get("AIRLOCK_POLICY"))
                : config.resolve("airlock/policy.json");
        Path audit = nonEmpty(env, "AIRLOCK_AUDIT") ? Path.of(env.get("AIRLOCK_AUDIT")) : state.resolve("audit.jsonl");
        Path socket;
        if (nonEmpty(env, "AIRLOCK_SOCKET")) {
            socket = Path.of(env.get("AIRLOCK_SOCKET"));
        } else if (absolute(env, "XDG_RUNTIME_DIR")) {
            socket = Path.of(env.get("XDG_RUNTIME_DIR")).resolve("airlock/console.sock");
        } else {
            socket = state.resolve("console.sock");
        }
        String installed = System.getProperty("airlock.home");
        Path install = installed == null || installed.isEmpty() ? null : Path.of(installed);
        return new AirlockPaths(home.toAbsolutePath(), policy.toAbsolutePath(), state.toAbsolutePath(),
                audit.toAbsolutePath(), socket.toAbsolutePath(), install == null ? null : install.toAbsolutePath());
    }

    /**
     * Every path an agent must not change through airlock. Default locations protect their whole
     * airlock directory; a file moved elsewhere by an override (AIRLOCK_POLICY=/tmp/p.json) protects
     * the file and its companions, not the directory it happens to sit in.
     */
    /** The installation's `bin/shim` (bash, zsh, sh: airlock-sh), or null when airlock runs from no installation. */
    public Path shimDir() {
        return install == null ? null : install.resolve("bin/shim");
    }

    public List<String> protectedPaths() {
        List<String> out = new ArrayList<>();
        out.add(userPolicy.getParent().endsWith("airlock") ? userPolicy.getParent().toString() : userPolicy.toString());
        out.add(stateDir.toString());
        if (auditLog.getParent().endsWith("airlock")) {
            out.add(auditLog.getParent().toString());
        } else {
            out.add(auditLog.toString());
            out.add(auditLog.resolveSibling("audit.head").toString());
            out.add(auditLog.resolveSibling("audit.lock").toString());
        }
        out.add(socket.getParent().endsWith("airlock") ? socket.getParent().toString() : socket.toString());
        if (install != null) {
            out.add(install.resolve("bin").toString());
            out.add(install.resolve("target/airlock.jar").toString());
            out.add(install.resolve("target/resident").toString()); // the resident server's port and token
            out.add(install.resolve("policies").toString());
        }
        // The agents' own set-up that points them at airlock: settings (the SHELL override, hooks) and the
        // shell snapshots their harness sources, unseen, before every command.
        for (String own : AGENT_SETUP) {
            out.add(home.resolve(own).toString());
        }
        return out;
    }

    /** Agent files under home that decide whether and how commands reach airlock. */
    public static final List<String> AGENT_SETUP = List.of(".claude/settings.json", ".claude/settings.local.json",
            ".claude/shell-snapshots", ".codex/config.toml", ".codex/shell_snapshots", ".gemini/settings.json");

    /**
     * An XDG base directory. The XDG spec says a relative value is invalid and must be ignored; the audit log
     * (AuditLog.defaultPath), the sandbox and the agent set-up read these variables so too, and this must agree
     * with them, or the path airlock protects would not be the log it writes.
     */
    private static Path dir(Map<String, String> env, String name, Path fallback) {
        return absolute(env, name) ? Path.of(env.get(name)) : fallback;
    }

    private static boolean absolute(Map<String, String> env, String name) {
        return nonEmpty(env, name) && !env.get(name).isBlank() && Path.of(env.get(name)).isAbsolute();
    }

    private static boolean nonEmpty(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
    }
}
