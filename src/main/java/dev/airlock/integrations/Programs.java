package dev.airlock.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finding an agent's program on PATH, and its version. */
public final class Programs {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+-]*");

    private Programs() {}

    /** The first executable {@code name} on {@code path}, skipping airlock's shim directory. */
    public static Optional<Path> find(String name, String path, Path skipDir) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (dir.isEmpty() || !Path.of(dir).isAbsolute() || sameDir(Path.of(dir), skipDir)) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static boolean sameDir(Path a, Path b) {
        if (b == null) {
            return false;
        }
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /**
     * The agent's version: from the package.json of its npm package when the program lives in one
     * (nothing is run), else the first version-looking word of {@code PROGRAM --version}.
     */
    public static Optional<String> version(Agent agent, Path program, Map<String, String> env) {
        try {
            Path real = program.toRealPath();
            for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
                Path pkg = dir.resolve("package.json");
                if (Files.isRegularFile(pkg)) {
                    JsonNode n = JsonText.STRICT.readTree(pkg.toFile());
                    if (agent.npmPackage().equals(n.path("name").asText()) && n.path("version").isTextual()) {
                        return Optional.of(n.get("version").asText());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not an npm layout we can read: ask the program itself.
        }
        return versionFlag(program, env);
    }

    private static Optional<String> versionFlag(Path program, Map<String, String> env) {
        return Processes.run(List.of(program.toString(), "--version"), env, 20).flatMap(r -> {
            Matcher m = VERSION.matcher(r.out() + r.err());
            return m.find() ? Optional.of(m.group()) : Optional.empty();
        });
    }
}
