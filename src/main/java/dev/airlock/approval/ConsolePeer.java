package dev.airlock.approval;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who listens behind the console socket, and whether airlock-sh may ask it. The listening socket's inode
 * comes from /proc/net/unix, its process from the `socket:[inode]` links in /proc/PID/fd. The listener
 * must belong to this user, have a terminal, and be started outside every airlock-guarded tree
 * ({@link GuardedTree}); otherwise a process the agent started could approve the agent's requests.
 */
final class ConsolePeer {
    private static final Path UNIX_SOCKETS = Path.of("/proc/net/unix");
    /** __SO_ACCEPTCON in /proc/net/unix's Flags column: the socket listens. */
    private static final int ACCEPTING = 0x10000;

    private ConsolePeer() {}

    /** Why airlock-sh must not ask the listener on {@code socket}, or empty when it may. */
    static Optional<String> refusal(Path socket) {
        List<Long> listeners;
        try {
            listeners = listeners(socket);
        } catch (IOException e) {
            return Optional.of("cannot tell which process listens on " + socket + " (" + UNIX_SOCKETS + ": "
                    + e.getMessage() + ")");
        }
        if (listeners.isEmpty()) {
            return Optional.of("cannot tell which process listens on " + socket
                    + " (it is not a process of this user, or it is gone)");
        }
        for (long pid : listeners) {
            // A child the console is starting (a desktop notification) holds the listening socket for
            // the moment between fork and exec: it is the console's, judged with it.
            Optional<Long> parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid);
            if (parent.isPresent() && listeners.contains(parent.get()) || ProcessHandle.of(pid).isEmpty()) {
                continue;
            }
            Optional<String> guarded = GuardedTree.guardedAncestor(pid);
            if (guarded.isPresent()) {
                return Optional.of("the console on " + socket + " (" + GuardedTree.describe(pid)
                        + ") runs inside an airlock-guarded process tree: " + guarded.get()
                        + "; start `airlock console` in your own terminal");
            }
            if (!GuardedTree.hasTerminal(pid)) {
                return Optional.of("the process on " + socket + " (" + GuardedTree.describe(pid)
                        + ") has no terminal, so it is not a person's console");
            }
        }
        return Optional.empty();
    }

    /** Processes of this user that hold a listening socket bound to {@code socket}. */
    static List<Long> listeners(Path socket) throws IOException {
        String path = socket.toAbsolutePath().toString();
        List<String> inodes = new ArrayList<>();
        for (String line : Files.readAllLines(UNIX_SOCKETS)) {
            // Num RefCount Protocol Flags Type St Inode Path
            String[] f = line.trim().split("\\s+", 8); // the path, last, may hold blanks
            if (f.length >= 8 && f[7].equals(path) && isListening(f[3])) {
                inodes.add("socket:[" + f[6] + "]");
            }
        }
        List<Long> out = new ArrayList<>();
        if (inodes.isEmpty()) {
            return out;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path proc : procs) {
                if (holdsAny(proc.resolve("fd"), inodes)) {
                    out.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
        }
        return out;
    }

    private static boolean isListening(String flags) {
        try {
            return (Integer.parseInt(flags, 16) & ACCEPTING) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean holdsAny(Path fds, List<String> inodes) {
        try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
            for (Path fd : links) {
                try {
                    if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    // closed while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // another user's process, or gone
        }
        return false;
    }
}
