package dev.airlock.resident;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The resident airlock: one long-lived JVM per user and installation that answers airlock-sh's
 * launcher for commands the policy allows, so those commands cost no JVM start. Started in the
 * background by the launcher when none answers; never required: without it every command takes the
 * JVM path, which is also where everything but a plain allow goes. See docs/performance.md.
 *
 * <p>Files, in {@code target/resident/UID/} of the installation (mode 0700): {@code port} (where it
 * listens), {@code server.lock} (held while it runs), {@code disabled} (why it will not run here),
 * {@code starting} (made by the launcher that started it, removed once it serves).
 */
public final class ResidentMain {
    private static final long DEFAULT_IDLE_SECONDS = 900;

    private ResidentMain() {}

    public static void main(String[] args) {
        String home = System.getProperty("airlock.home");
        if (home == null) {
            System.err.println("resident: -Dairlock.home is required");
            System.exit(2);
        }
        int status;
        try {
            // Protected paths are compared by name: the installation must be named as the JVM path names it.
            Path install = Path.of(home).toRealPath();
            System.setProperty("airlock.home", install.toString());
            status = run(install);
        } catch (IOException | RuntimeException e) {
            System.err.println("resident: " + e);
            status = 1;
        }
        System.exit(status);
    }

    /** {@code target/resident/UID} of the installation: `disabled` and `starting` live here. */
    static Path userDirectory(Path install) throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        return install.resolve("target/resident").resolve(uid.toString());
    }

    /**
     * One server per network namespace, in {@code target/resident/UID/net-INODE}: 127.0.0.1 is a different
     * address in each, and an agent may run in its own (a sandbox, the end-to-end tests).
     */
    static Path directory(Path install) throws IOException {
        String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString().replaceAll("[^0-9]", "");
        return userDirectory(install).resolve("net-" + ns);
    }

    private static int run(Path install) throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
        Path user = userDirectory(install);
        Files.createDirectories(user, PosixFilePermissions.asFileAttribute(owner));
        Path starting = user.resolve("starting");
        try {
            if (!Files.getPosixFilePermissions(user).equals(owner)) {
                return disable(user, user + " must be private to its user (0700)");
            }
            String unsupported = defaultSignalUnsupported();
            if (unsupported != null) {
                return disable(user, unsupported);
            }
            Path dir = directory(install);
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(owner));
            FileChannel lockFile = FileChannel.open(dir.resolve("server.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                lockFile.close();
                return 0; // another one serves this namespace
            }
            Installation installation = Installation.of(install);
            warmUp();
            String token = token();
            ResidentServer server = new ResidentServer(install.resolve("bin/airlock-sh").toRealPath(),
                    Path.of("/bin/bash").toRealPath(), installation::changed, token);
            Endpoint endpoint = new Endpoint(dir.resolve("port"), server.port() + " " + token + " "
                    + ProcessHandle.current().pid() + "\n");
            endpoint.publish();
            Files.deleteIfExists(starting);
            dev.airlock.exec.Signals.install(signal -> server.close());
            watch(server, installation, endpoint, idleSeconds());
            server.serve();
            // No new requests from here: the next launcher starts a new server (the lock is free), while
            // the commands this one admitted still get their result records.
            endpoint.withdraw();
            lock.release();
            lockFile.close();
            server.finishRunning();
            return 0;
        } finally {
            Files.deleteIfExists(starting);
        }
    }

    /**
     * The port file: port, token and pid (the launcher compares its network namespace with this
     * pid's). Written atomically, 0600; put back if someone deletes it while the server runs.
     */
    private record Endpoint(Path file, String line) {
        void publish() throws IOException {
            Path tmp = file.resolveSibling("port.tmp");
            Files.deleteIfExists(tmp);
            Files.writeString(tmp, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        boolean present() {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).equals(line);
            } catch (IOException e) {
                return false;
            }
        }

        void withdraw() throws IOException {
            if (present()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Closes the server when nothing ran for the idle time, or at once when the installation changed. */
    private static void watch(ResidentServer server, Installation installation, Endpoint endpoint, long idleSeconds) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                if (installation.changed() || server.idleNanos() > TimeUnit.SECONDS.toNanos(idleSeconds)) {
                    server.close();
                    return;
                }
                if (!endpoint.present()) {
                    try {
                        endpoint.publish(); // without it every launcher would start a server that finds the lock taken
                    } catch (IOException e) {
                        System.err.println("resident: cannot put back " + endpoint.file() + ": " + e.getMessage());
                    }
                }
            }
        }, "resident-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Classifies typical commands for about a second before serving, so that the compiler has the
     * classification path ready by the agent's first commands: cold, a request took ~90 ms, warm ~8.
     */
    private static void warmUp() {
        java.util.Map<String, String> env = java.util.Map.of("HOME", "/nonexistent/home", "USER", "airlock");
        try {
            dev.airlock.policy.AirlockPaths paths = dev.airlock.policy.AirlockPaths.from(env);
            dev.airlock.policy.Classifier c = new dev.airlock.policy.Classifier(
                    dev.airlock.policy.PolicySource.layers(paths, "/"), env, paths);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
            while (System.nanoTime() < until) {
                for (String command : WARM_UP) {
                    c.classify(command, "/nonexistent/work");
                }
            }
        } catch (dev.airlock.policy.PolicyException | RuntimeException e) {
            System.err.println("resident: warm-up: " + e.getMessage()); // only slower
        }
    }

    private static final List<String> WARM_UP = List.of("ls -la", "git status", "git diff --stat HEAD~1",
            "cat README.md", "grep -rn 'TODO' src | head -20", "find . -name '*.java' -newer pom.xml",
            "mvn -q test", "npm test", "sed -n 1,40p src/main.c", "cd sub && ls", "echo \"$HOME\" > /tmp/x",
            "rm -rf build", "curl -s https://example.com | head", "python3 -c 'print(1)'", "wc -l *.txt");

    private static String token() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static long idleSeconds() {
        try {
            String v = System.getenv("AIRLOCK_RESIDENT_IDLE");
            return v == null ? DEFAULT_IDLE_SECONDS : Math.max(1, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_IDLE_SECONDS;
        }
    }

    /**
     * The launcher runs the command as a background job so that signals can be passed on, and bash
     * starts background jobs with SIGINT and SIGQUIT ignored; `env --default-signal` (coreutils 8.31+)
     * restores them. Without it the resident path would change how Ctrl-C works, so it stays off.
     */
    private static String defaultSignalUnsupported() {
        try {
            Process p = new ProcessBuilder("/usr/bin/env", "--default-signal=INT,QUIT", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0 ? null : "/usr/bin/env has no --default-signal (coreutils 8.31+ needed)";
        } catch (IOException e) {
            return "/usr/bin/env: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static int disable(Path dir, String why) throws IOException {
        Files.writeString(dir.resolve("disabled"), why + "\n", StandardCharsets.UTF_8);
        System.err.println("resident: disabled: " + why);
        return 0;
    }

    /** The files a running server read once: when one of them changes, it leaves the work to a fresh start. */
    record Installation(List<Path> files, List<String> stamps) {
        static Installation of(Path install) {
            List<Path> files = List.of(install.resolve("target/airlock.jar"),
                    install.resolve("target/classes/policies/default.bin"),
                    install.resolve("target/classes/policies/strict.bin"),
                    install.resolve("target/classes/policies/default.json"),
                    install.resolve("target/classes/policies/strict.json"));
            return new Installation(files, files.stream().map(Installation::stamp).toList());
        }

        boolean changed() {
            return !files.stream().map(Installation::stamp).toList().equals(stamps);
        }

        private static String stamp(Path p) {
            try {
                return Files.getLastModifiedTime(p).toMillis() + ":" + Files.size(p);
            } catch (IOException e) {
                return "absent";
            }
        }
    }
}
