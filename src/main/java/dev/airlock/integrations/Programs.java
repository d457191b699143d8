package dev.airlock.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        Path out = null;
        try {
            // Output to a file, not a pipe: a program that hangs must not hang status with it.
            out = Files.createTempFile("airlock-version", ".txt");
            ProcessBuilder pb = new ProcessBuilder(program.toString(), "--version")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(Files.readString(out, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // A leftover temporary file in /tmp.
                }
            }
        }
    }
}
