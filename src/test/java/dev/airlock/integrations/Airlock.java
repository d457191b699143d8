package dev.airlock.integrations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real bin/airlock in a private home, as a person would from a terminal-less shell. */
final class Airlock {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final Path LAUNCHER = ROOT.resolve("bin/airlock");
    static final Path SHIM_BASH = ROOT.resolve("bin/shim/bash");

    record Result(int exit, String out, String err) {}

    final Path home;
    final Map<String, String> env = new HashMap<>();

    /** A home under {@code dir} with its own config and state directories; nothing of the real user's is read. */
    Airlock(Path dir) throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("USER", "dev");
        env.put("LANG", "C.UTF-8");
        env.put("SHELL", "/bin/bash");
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("AIRLOCK_RESIDENT", dev.airlock.testing.TestEnv.resident() ? "1" : "0");
    }

    /** Writes a file under the home, with its directories. */
    Path write(String relative, String text) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    Path auditLog() {
        return home.resolve(".local/state/airlock/audit.jsonl");
    }

    Result run(String... args) throws Exception {
        return runWithInput(new byte[0], args);
    }

    Result runWithInput(byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        return exec(cmd, stdin);
    }

    Result exec(List<String> cmd, byte[] stdin) throws Exception {
        Path in = Files.write(Files.createTempFile("airlock-in", ".bin"), stdin);
        Path out = Files.createTempFile("airlock-out", ".txt");
        Path err = Files.createTempFile("airlock-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("hang guard: still running after 120 s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
