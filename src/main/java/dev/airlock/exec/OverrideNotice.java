package dev.airlock.exec;

import dev.airlock.integrations.ProjectOverrides;
import dev.airlock.policy.AirlockPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Says once, on the first guarded command in a workspace, that a project setting sends its agent's
 * commands past airlock (docs/integrations.md): the agent reads the `airlock:` line, and the person
 * sees it in the transcript. Said again when the setting file changes.
 */
final class OverrideNotice {
    private final AirlockPaths paths;
    private final String cwd;
    private List<ProjectOverrides.Override> found;

    OverrideNotice(AirlockPaths paths, String cwd) {
        this.paths = paths;
        this.cwd = cwd;
    }

    /** True when there is something not yet said in this workspace. */
    boolean pending() {
        return !unsaid().isEmpty();
    }

    /** Prints what was not said yet and remembers it as said. */
    void print(java.io.PrintStream err) {
        for (ProjectOverrides.Override o : unsaid()) {
            err.println("airlock: warning: " + o.text());
            try {
                Path mark = mark(o);
                Files.createDirectories(mark.getParent());
                Files.writeString(mark, o.text() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                // said again next time: better than never
            }
        }
    }

    private List<ProjectOverrides.Override> unsaid() {
        if (found == null) {
            found = cwd == null ? List.of() : ProjectOverrides.find(Path.of(cwd), paths.install());
        }
        return found.stream().filter(o -> !Files.exists(mark(o))).toList();
    }

    /** One mark per file, setting and version of the file. */
    private Path mark(ProjectOverrides.Override o) {
        String stamp;
        try {
            stamp = o.file() + "\0" + o.key() + "\0" + Files.getLastModifiedTime(o.file()).toMillis() + "\0" + Files.size(o.file());
        } catch (IOException e) {
            stamp = o.file() + "\0" + o.key();
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(stamp.getBytes(StandardCharsets.UTF_8));
            return paths.stateDir().resolve("overrides-said").resolve(HexFormat.of().formatHex(d, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
