package dev.airlock.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a process runs inside an airlock-guarded process tree, i.e. was started, directly or not, by a
 * command an agent ran through airlock. An approver must never be guarded: an agent would be approving
 * its own requests.
 *
 * <p>The mark a process cannot drop: airlock-sh (its launcher, then its JVM), `airlock session`,
 * `airlock run` and the agent started by `airlock wrap` lower their own hard limit on real-time CPU time
 * (RLIMIT_RTTIME) to {@link #MARK} before they start anything. Every process started from them inherits
 * the limit through fork and exec; `exec -c`, `env -i`, `setsid`, a double fork, a new pty or a re-exec
 * keep it; raising a hard limit again needs CAP_SYS_RESOURCE in the first user namespace, which a
 * process of an ordinary user (or a root without that capability) does not have. The limit only bounds
 * processes under a real-time scheduling policy, and then after some 146,000 years.
 *
 * <p>Also, as before and weaker: the environment marker {@link #MARKER} (kept by /proc as the process
 * started with it), and an ancestor that is airlock-sh.
 */
public final class GuardedTree {
    /** Set by airlock-sh in the environment of the shell that runs an agent's command; the value is its pid. */
    public static final String MARKER = "AIRLOCK_GUARDED";
    /** The guard mark: a hard RLIMIT_RTTIME of 2^62 microseconds. At or below it, a process is guarded. */
    public static final long MARK = 1L << 62;
    /** How far up the tree to look: far more than any real nesting, bounded against loops. */
    private static final int MAX_ANCESTORS = 64;

    private GuardedTree() {}

    /** A description of the guarded process at or above {@code pid}, or empty when there is none. */
    public static Optional<String> guardedAncestor(long pid) {
        Optional<String> mark = mark(pid);
        if (mark.isPresent()) {
            return mark;
        }
        long p = pid;
        for (int k = 0; k < MAX_ANCESTORS && p > 1; k++) {
            if (hasMarker(p)) {
                return Optional.of(describe(p) + " carries " + MARKER);
            }
            if (k > 0 && isShim(p)) {
                return Optional.of(describe(p) + " is airlock-sh");
            }
            Optional<Long> parent = ProcessHandle.of(p).flatMap(ProcessHandle::parent).map(ProcessHandle::pid);
            if (parent.isEmpty()) {
                break;
            }
            p = parent.get();
        }
        return Optional.empty();
    }

    /**
     * Marks this process and everything it starts from now on as guarded (see the class comment). Done
     * once, before the first child starts; a process marked already (or lower) stays as it is.
     *
     * @throws IllegalStateException when the mark cannot be set: the caller must not run anything then
     */
    public static void markSelf() {
        if (!Kernel.supported()) {
            throw new IllegalStateException("cannot mark the processes airlock starts (guard mark) on this platform:"
                    + " it needs Linux on 64 bits");
        }
        long[] limit = new long[2];
        try {
            Kernel.getrlimit(Kernel.RLIMIT_RTTIME, limit);
            limit[0] = Long.compareUnsigned(limit[0], MARK) <= 0 ? limit[0] : MARK;
            limit[1] = Long.compareUnsigned(limit[1], MARK) <= 0 ? limit[1] : MARK;
            Kernel.setrlimit(Kernel.RLIMIT_RTTIME, limit);
        } catch (com.sun.jna.LastErrorException e) {
            throw new IllegalStateException("cannot mark the processes airlock starts (guard mark, RLIMIT_RTTIME): "
                    + e.getMessage());
        }
    }

    /** Why {@code pid} counts as carrying the guard mark, from the kernel's record of its limits; empty when it does not. */
    public static Optional<String> mark(long pid) {
        String limits;
        try {
            limits = Files.readString(Path.of("/proc", Long.toString(pid), "limits"));
        } catch (IOException | RuntimeException e) {
            return Optional.of(describe(pid) + ": its limits cannot be read (gone, or not a process of this user),"
                    + " so it cannot be told apart from a process airlock started");
        }
        String name = "Max realtime timeout";
        for (String line : limits.split("\n")) {
            if (line.startsWith(name)) {
                String[] f = line.substring(name.length()).trim().split("\\s+"); // soft, hard, units
                String hard = f.length >= 2 ? f[1] : "?";
                if (hard.equals("unlimited")) {
                    return Optional.empty();
                }
                try {
                    if (Long.compareUnsigned(Long.parseUnsignedLong(hard), MARK) > 0) {
                        return Optional.empty();
                    }
                } catch (NumberFormatException e) {
                    // unreadable: judged as marked below
                }
                return Optional.of(describe(pid) + " carries airlock's guard mark (hard real-time CPU limit " + hard
                        + " us): it descends from a command airlock ran");
            }
        }
        return Optional.of(describe(pid) + ": its limits name no real-time CPU limit, so it cannot be told apart"
                + " from a process airlock started");
    }

    /** The process's start time in clock ticks since boot; with the pid it names one process. */
    static Optional<Long> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when the process has a controlling terminal, as a person's console always does. */
    public static boolean hasTerminal(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // after the name (which may hold spaces and parentheses): state ppid pgrp session tty_nr ...
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[4]) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean hasMarker(long pid) {
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            String text = "\0" + new String(env, StandardCharsets.UTF_8);
            return text.contains("\0" + MARKER + "=");
        } catch (IOException | RuntimeException e) {
            return false; // another user's process: its environment is not ours to read, nor its tree ours
        }
    }

    private static boolean isShim(long pid) {
        Optional<ProcessHandle.Info> info = ProcessHandle.of(pid).map(ProcessHandle::info);
        String line = info.flatMap(ProcessHandle.Info::commandLine).orElse("");
        String command = info.flatMap(ProcessHandle.Info::command).orElse("");
        return line.contains("dev.airlock.exec.ShimMain") || command.endsWith("/airlock-sh") || runsLauncher(info);
    }

    /** bash running the airlock-sh launcher (its resident path, or before it starts its JVM), however the script was named. */
    private static boolean runsLauncher(Optional<ProcessHandle.Info> info) {
        String[] args = info.flatMap(ProcessHandle.Info::arguments).orElse(new String[0]);
        if (args.length == 0 || args[0].isEmpty()) {
            return false;
        }
        try {
            return Path.of(args[0]).toRealPath().getFileName().toString().equals("airlock-sh");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String describe(long pid) {
        String name = ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(c -> c.substring(c.lastIndexOf('/') + 1))
                .orElse("?");
        return name + "(" + pid + ")";
    }
}
