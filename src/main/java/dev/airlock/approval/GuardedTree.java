package dev.airlock.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a process runs inside an airlock-guarded process tree, i.e. was started, directly or not, by a
 * command an agent ran through airlock. airlock-sh marks the real shell's environment with
 * {@link #MARKER}; its descendants inherit it, and /proc keeps the environment a process started with.
 * A process or ancestor carrying the marker, or an ancestor that is airlock-sh itself, is guarded.
 * An approver must never be guarded: an agent would be approving its own requests.
 */
public final class GuardedTree {
    /** Set by airlock-sh in the environment of the shell that runs an agent's command; the value is its pid. */
    public static final String MARKER = "AIRLOCK_GUARDED";
    /** How far up the tree to look: far more than any real nesting, bounded against loops. */
    private static final int MAX_ANCESTORS = 64;

    private GuardedTree() {}

    /** A description of the guarded process at or above {@code pid}, or empty when there is none. */
    public static Optional<String> guardedAncestor(long pid) {
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
