package dev.airlock.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real process as agents do (own session via setsid, stdin /dev/null, no terminal) and captures it. */
final class Run {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final Path SHIM = ROOT.resolve("bin/shim/bash");

    record Result(int exit, String out, String err) {}

    private Run() {}

    static Result run(List<String> argv, Map<String, String> env, Path cwd) throws IOException, InterruptedException {
        return run(argv, env, cwd, 60);
    }

    static Result run(List<String> argv, Map<String, String> env, Path cwd, int timeoutSeconds)
            throws IOException, InterruptedException {
        return run(argv, env, cwd, Path.of("/dev/null"), timeoutSeconds);
    }

    /** As {@link #run(List, Map, Path, int)}, with {@code stdin} (null: /dev/null) as standard input. */
    static Result run(List<String> argv, Map<String, String> env, Path cwd, byte[] stdin, int timeoutSeconds)
            throws IOException, InterruptedException {
        if (stdin == null) {
            return run(argv, env, cwd, Path.of("/dev/null"), timeoutSeconds);
        }
        Path in = Files.write(Files.createTempFile("run-in", ".txt"), stdin);
        try {
            return run(argv, env, cwd, in, timeoutSeconds);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    /** As {@link #run(List, Map, Path, int)}, with stdin read from {@code stdin}. */
    static Result run(List<String> argv, Map<String, String> env, Path cwd, Path stdin, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add("-w");
        cmd.addAll(argv);
        Path out = Files.createTempFile("run-out", ".txt");
        Path err = Files.createTempFile("run-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + argv);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A clean environment for one test: its own home, state and audit log, nothing secret. */
    static Map<String, String> env(Path home) {
        return dev.airlock.testing.TestEnv.forHome(home);
    }

    private static final Map<String, Path> COMPILED = new java.util.HashMap<>();

    /**
     * The command that starts FakeConsole (src/test/resources/dev/airlock/exec/FakeConsole.java, an approving
     * listener as an agent would write it) with {@code log}; compiled once per test run.
     */
    static String fakeConsole(Path log) throws IOException, InterruptedException {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + compiled("FakeConsole") + " FakeConsole " + log;
    }

    /**
     * The command that starts Squatter (src/test/resources/dev/airlock/exec/Squatter.java: takes the console
     * socket ($AIRLOCK_SOCKET) over by a rename, then approves or relays); compiled once per test run.
     */
    static String squatter(Path log, String mode) throws IOException, InterruptedException {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + compiled("Squatter") + " Squatter " + log
                + " " + mode;
    }

    /** The directory holding src/test/resources/dev/airlock/exec/NAME.java compiled, once per test run. */
    private static synchronized Path compiled(String name) throws IOException, InterruptedException {
        Path dir = COMPILED.get(name);
        if (dir == null) {
            dir = Files.createTempDirectory(name.toLowerCase(java.util.Locale.ROOT));
            Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "-d",
                    dir.toString(), ROOT.resolve("src/test/resources/dev/airlock/exec/" + name + ".java").toString())
                    .inheritIO().start();
            if (javac.waitFor() != 0) {
                throw new AssertionError(name + ".java does not compile");
            }
            COMPILED.put(name, dir);
        }
        return dir;
    }

    /** Every record of {@code home}'s audit log, in order. */
    static java.util.List<com.fasterxml.jackson.databind.JsonNode> auditRecords(Path home) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(auditLog(home))) {
            out.add(json.readTree(line));
        }
        return out;
    }

    static Path auditLog(Path home) {
        return home.resolve(".local/state/airlock/audit.jsonl");
    }
}
