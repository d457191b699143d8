package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts an installation's resident server the way users get one: through airlock-sh, then waits until it listens. */
public final class ResidentFixture {
    private ResidentFixture() {}

    /** The pid of the server answering for {@code install}, started if needed; fails after 90 s. */
    public static long ensureRunning(Path install, Map<String, String> env) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = serverPid(install);
            if (pid.isPresent()) {
                return pid.get();
            }
            ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/airlock-sh").toString(), "-c", "true")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(env);
            // its own home and log: the test's audit log holds only the test's commands
            Path own = Files.createTempDirectory("airlock-resident-start");
            pb.environment().put("HOME", own.toString());
            pb.environment().put("XDG_CONFIG_HOME", own.resolve("config").toString());
            pb.environment().put("XDG_STATE_HOME", own.resolve("state").toString());
            pb.environment().remove("AIRLOCK_AUDIT");
            pb.environment().remove("AIRLOCK_POLICY");
            pb.environment().put("AIRLOCK_RESIDENT", "1");
            pb.environment().putIfAbsent("AIRLOCK_RESIDENT_IDLE", "300"); // a test run leaves no server for long
            pb.start().waitFor(60, TimeUnit.SECONDS);
            Thread.sleep(300);
        }
        throw new AssertionError("no resident server for " + install + " within 90 s: "
                + read(directory(install).resolve("log")));
    }

    /** The live server named in the installation's port file. */
    public static Optional<Long> serverPid(Path install) throws IOException {
        String port = read(directory(install).resolve("port"));
        String[] f = port.trim().split(" ");
        if (f.length != 3) {
            return Optional.empty();
        }
        long pid = Long.parseLong(f[2]);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
    }

    /** The server directory of this network namespace (the tests' launchers share this JVM's). */
    public static Path directory(Path install) throws IOException {
        String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString().replaceAll("[^0-9]", "");
        return install.resolve("target/resident").resolve(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString())
                .resolve("net-" + ns);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
