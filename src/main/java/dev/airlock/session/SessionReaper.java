package dev.airlock.session;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends every process of the shell's terminal session (the shell is its leader, so its background
 * jobs and their children all carry its session id), so none outlives airlock: first SIGTERM, then
 * SIGKILL for whatever is left after a grace period. A process that started a session of its own
 * (`setsid`, a daemon) has left the terminal and is not found here.
 */
final class SessionReaper {
    private SessionReaper() {}

    /** Live processes (not zombies, which only wait to be reaped) whose session id is {@code sid}, from /proc; Linux only. */
    static List<Long> members(long sid) {
        List<Long> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid != self && sessionOf(p) == sid) {
                    out.add(pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable: nothing more can be found
        }
        return out;
    }

    private static long sessionOf(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            // After the name (which may hold spaces and parentheses): state ppid pgrp session ...
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return f[0].equals("Z") || f[0].equals("X") ? -1 : Long.parseLong(f[3]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile
        }
    }

    /** How long killed processes may take to be gone: a loaded machine runs a dying process late. */
    private static final long KILL_WAIT_MILLIS = 10_000;

    /** Terminates the session's processes and waits (at most about {@code graceMillis}) before killing the rest. */
    static void end(long sid, long graceMillis) {
        signal(sid, false);
        awaitGone(sid, graceMillis, false);
        // Killing may race with a process that forks: each round kills the children it made, until none is left.
        awaitGone(sid, KILL_WAIT_MILLIS, true);
    }

    /** Waits until the session has no process left or {@code millis} have passed; {@code kill}: SIGKILL each round. */
    private static void awaitGone(long sid, long millis, boolean kill) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!members(sid).isEmpty() && System.nanoTime() < deadline) {
            if (kill) {
                signal(sid, true);
            }
            sleep(20);
        }
    }

    private static void signal(long sid, boolean kill) {
        for (long pid : members(sid)) {
            ProcessHandle.of(pid).ifPresent(h -> {
                if (kill) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
