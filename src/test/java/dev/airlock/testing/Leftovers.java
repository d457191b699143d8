package dev.airlock.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a test started, so that it can wait for them to end before its temporary directory goes:
 * a process still running then writes into a directory being deleted, and outlives the test.
 */
public final class Leftovers {
    /** How long ended processes may take to go: a loaded machine runs a dying JVM late. */
    private static final long WAIT_SECONDS = 60;

    private Leftovers() {}

    /**
     * {@code root} and every process it started, less daemons and theirs: a process with a session of its own
     * and no terminal (the resident server, a class-data archive being made) has left on purpose.
     */
    public static List<ProcessHandle> of(long root) {
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.of(root).ifPresent(p -> collect(p, out));
        return out;
    }

    private static void collect(ProcessHandle p, List<ProcessHandle> out) {
        if (!out.isEmpty() && isDaemon(p.pid())) {
            return;
        }
        out.add(p);
        p.children().forEach(c -> collect(c, out));
    }

    private static boolean isDaemon(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // after the name (which may hold spaces and parentheses): state ppid pgrp session tty_nr ...
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[3]) == pid && Integer.parseInt(f[4]) == 0;
        } catch (java.io.IOException | RuntimeException gone) {
            return false;
        }
    }

    /** Waits for each of {@code processes} to end; kills what is left after a minute and fails, naming it. */
    public static void awaitEnd(List<ProcessHandle> processes, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<String> left = new ArrayList<>();
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                left.add(p.pid() + " " + p.info().commandLine().orElse("?"));
                p.destroyForcibly();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!left.isEmpty()) {
            throw new AssertionError(what + " left processes running " + WAIT_SECONDS + " s after it ended: " + left);
        }
    }
}
