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

    private static Path fakeConsole;

    /**
     * The command that starts FakeConsole (src/test/resources/dev/airlock/exec/FakeConsole.java, an approving
     * listener as an agent would write it) with {@code log}; compiled once per test run.
     */
    static synchronized String fakeConsole(Path log) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin");
        if (fakeConsole == null) {
            Path dir = Files.createTempDirectory("fake-console");
            Process javac = new ProcessBuilder(java.resolve("javac").toString(), "-d", dir.toString(),
                    ROOT.resolve("src/test/resources/dev/airlock/exec/FakeConsole.java").toString()).inheritIO().start();
            if (javac.waitFor() != 0) {
                throw new AssertionError("FakeConsole.java does not compile");
            }
            fakeConsole = dir;
        }
        return java.resolve("java") + " -cp " + fakeConsole + " FakeConsole " + log;
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
