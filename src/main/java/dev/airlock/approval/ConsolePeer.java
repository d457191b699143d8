package dev.airlock.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who answers on a connection to the console socket, and whether airlock-sh may ask it. The process is
 * the one the kernel recorded for this very connection (SO_PEERCRED: the process that called listen()),
 * never one found by the socket's name: a socket renamed over the path, or a relay, is judged as what it
 * is. It must be a process of this user, alive since before the question, carry no guard mark and have no
 * guarded ancestor ({@link GuardedTree}), have a terminal, and, unless `AIRLOCK_APPROVER=any`, be this
 * installation's `airlock console`.
 */
public final class ConsolePeer {
    /** What `AIRLOCK_APPROVER` may say: `console` (the default) or `any`. */
    static final String APPROVER = "AIRLOCK_APPROVER";

    private ConsolePeer() {}

    /** Why airlock-sh must not ask whoever listens at the other end of {@code conn}, or empty when it may. */
    public static Optional<String> refusal(UnixSocket conn, Path socket, Map<String, String> env) {
        String mode = env.getOrDefault(APPROVER, "console");
        if (!mode.equals("console") && !mode.equals("any")) {
            return Optional.of(APPROVER + " must be `console` or `any`, not `" + mode + "`");
        }
        long askedAt = ticksSinceBoot();
        UnixSocket.Credentials peer;
        try {
            peer = conn.peer();
        } catch (IOException e) {
            return Optional.of("cannot tell which process listens on " + socket + " (" + e.getMessage() + ")");
        }
        if (peer.uid() != Integer.toUnsignedLong(Kernel.getuid())) {
            return Optional.of("the process listening on " + socket + " belongs to user " + peer.uid() + ", not to you");
        }
        long pid = peer.pid();
        if (pid <= 0) {
            return Optional.of("the process listening on " + socket + " runs in a PID namespace airlock cannot see into");
        }
        Optional<Long> start = GuardedTree.startTime(pid);
        if (start.isEmpty()) {
            return Optional.of("the process that listens on " + socket + " (pid " + pid + ") is gone: another holds"
                    + " its socket");
        }
        if (askedAt >= 0 && start.get() > askedAt) {
            return Optional.of("the process recorded as listening on " + socket + " (" + GuardedTree.describe(pid)
                    + ") started after the question: its pid was reused");
        }
        Optional<String> guarded = GuardedTree.guardedAncestor(pid);
        if (guarded.isPresent()) {
            return Optional.of("the process answering on " + socket + " (" + GuardedTree.describe(pid)
                    + ") runs inside an airlock-guarded process tree: " + guarded.get()
                    + "; start `airlock console` in your own terminal");
        }
        if (!GuardedTree.hasTerminal(pid)) {
            return Optional.of("the process on " + socket + " (" + GuardedTree.describe(pid)
                    + ") has no terminal, so it is not a person's console");
        }
        if (mode.equals("console") && !isThisConsole(pid)) {
            return Optional.of("the process answering on " + socket + " (" + GuardedTree.describe(pid)
                    + ") is not this installation's `airlock console` (" + APPROVER + "=any accepts other approvers)");
        }
        if (!start.equals(GuardedTree.startTime(pid))) {
            return Optional.of("the process that listens on " + socket + " (pid " + pid + ") went away while it was checked");
        }
        return Optional.empty();
    }

    /**
     * True when {@code pid} runs `airlock console` from the jar this code runs from: a JVM whose class path
     * is this jar, main class dev.airlock.cli.Main, first argument `console`. A process can rewrite its own
     * command line, so this tells mistakes apart, not adversaries; the guard mark does that.
     */
    static boolean isThisConsole(long pid) {
        Optional<Path> ours = ownJar();
        if (ours.isEmpty()) {
            return false;
        }
        String[] args;
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            args = new String(b, StandardCharsets.UTF_8).split("\0");
        } catch (IOException | RuntimeException e) {
            return false;
        }
        boolean jar = false;
        for (int k = 0; k + 1 < args.length; k++) {
            if ((args[k].equals("-cp") || args[k].equals("-classpath") || args[k].equals("--class-path"))
                    && sameFile(args[k + 1], ours.get())) {
                jar = true;
            }
            if (jar && args[k].equals("dev.airlock.cli.Main")) {
                return args[k + 1].equals("console");
            }
        }
        return false;
    }

    private static boolean sameFile(String path, Path jar) {
        try {
            return Files.isSameFile(Path.of(path), jar);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The jar (or classes directory) this class was loaded from. */
    private static Optional<Path> ownJar() {
        try {
            return Optional.of(Path.of(ConsolePeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Now, on the clock of /proc/PID/stat's start times: the start time of a thread started for the
     * purpose (not /proc/uptime, which a container may show from another origin); -1 when unknown.
     */
    private static long ticksSinceBoot() {
        long[] now = {-1};
        Thread t = new Thread(() -> {
            try {
                String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                now[0] = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
            } catch (IOException | RuntimeException e) {
                // unknown: the start-time check is skipped, the others still hold
            }
        }, "airlock-clock");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return now[0];
    }
}
