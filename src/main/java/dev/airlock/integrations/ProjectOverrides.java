package dev.airlock.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings in a workspace that make an agent bypass the guarded shell (issue: a project-level agent
 * configuration overrides the user's): Claude Code reads `.claude/settings.json` and
 * `.claude/settings.local.json` of the project after the user's, so an `env.CLAUDE_CODE_SHELL` or
 * `env.SHELL` there that is not airlock-sh sends every command past airlock, and `disableAllHooks`
 * turns the hook off. A repository an agent clones can carry such a file. Only reads.
 */
public final class ProjectOverrides {
    private ProjectOverrides() {}

    /** One setting that sends commands past airlock. */
    public record Override(Path file, String key, String value) {
        public String text() {
            return file + " sets " + key + "=" + value + ": Claude Code started in this project runs commands without"
                    + " airlock; remove the setting, or point it at airlock-sh";
        }
    }

    private static final List<String> CLAUDE_FILES = List.of(".claude/settings.json", ".claude/settings.local.json");
    private static final List<String> SHELL_KEYS = List.of("CLAUDE_CODE_SHELL", "SHELL");
    /** Settings files are small; a huge one is read no further (and reported as unreadable nowhere: it is not ours). */
    private static final long MAX_BYTES = 1 << 20;

    /**
     * The overrides in the project of {@code cwd} (its git top level, and {@code cwd} itself when that
     * differs, as Claude Code reads the directory it was started in). {@code install}: airlock's own
     * installation, whose airlock-sh and shims are the guarded shell; null when unknown.
     */
    public static List<Override> find(Path cwd, Path install) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(cwd);
        dirs.add(dev.airlock.sandbox.Confinement.workspace(cwd.toString()));
        List<Override> out = new ArrayList<>();
        for (Path dir : dirs) {
            for (String name : CLAUDE_FILES) {
                read(dir.resolve(name)).ifPresent(json -> out.addAll(claude(dir.resolve(name), json, install)));
            }
        }
        return out;
    }

    private static List<Override> claude(Path file, JsonNode json, Path install) {
        List<Override> out = new ArrayList<>();
        JsonNode env = json.path("env");
        for (String key : SHELL_KEYS) {
            JsonNode v = env.get(key);
            if (v != null && v.isTextual() && !guarded(v.asText(), install)) {
                out.add(new Override(file, "env." + key, v.asText()));
            }
        }
        if (json.path("disableAllHooks").asBoolean(false)) {
            out.add(new Override(file, "disableAllHooks", "true"));
        }
        return out;
    }

    /** True for this installation's airlock-sh or one of its shims. */
    static boolean guarded(String shell, Path install) {
        Path p = Path.of(shell).normalize();
        if (install != null) {
            return p.startsWith(install.resolve("bin"));
        }
        return p.getFileName() != null && p.getFileName().toString().equals("airlock-sh");
    }

    private static Optional<JsonNode> read(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not JSON: Claude Code ignores it too
        }
    }
}
