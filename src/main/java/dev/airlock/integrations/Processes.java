package dev.airlock.integrations;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Short helper processes (getent, unshare, an agent's --version), bounded in time. */
final class Processes {
    /** Exit status and output of a process that finished in time. */
    record Result(int exit, String out, String err) {}

    private Processes() {}

    /**
     * Runs {@code cmd} with stdin from /dev/null; empty when it cannot start or does not finish in
     * {@code seconds}. Output goes to files, not pipes, so a program that hangs cannot hang the caller.
     * {@code env} null: this process's environment.
     */
    static Optional<Result> run(List<String> cmd, Map<String, String> env, int seconds) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("airlock-out", ".txt");
            err = Files.createTempFile("airlock-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new Result(p.exitValue(), read(out), read(err)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A leftover temporary file.
            }
        }
    }
}
