package dev.airlock.console;

import dev.airlock.approval.ConsolePeer;
import dev.airlock.approval.GuardedTree;
import dev.airlock.approval.Protocol;
import dev.airlock.approval.UnixSocket;
import dev.airlock.exec.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console's end of the approval socket: one console at a time (a live one is refused; a stale socket,
 * or one some other process answers on, is replaced and the person told), requests queued as they come,
 * each connection watched so a requester that goes away is marked withdrawn. Nothing a peer sends is ever
 * taken as a decision, and who asks (pid, agent, process chain) comes from the kernel's record of the
 * connection, never from the request. The path is checked every second: a socket renamed over it is
 * named to the person, and the path taken back.
 */
final class ConsoleServer implements AutoCloseable {
    /** A client must send its request line within this time, or it is dropped. */
    static final long FIRST_LINE_MILLIS = 5_000;

    private final Path socket;
    private final Path pidFile;
    private final Queue queue;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "timers"));
    private volatile boolean closed;
    private volatile String notice;
    /** The listening sockets: the one on the path now, and any the path was taken back from. */
    private final List<UnixSocket> listening = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Object boundInode;

    /** A failure to start that the user can fix; the message says what. */
    static final class StartException extends Exception {
        StartException(String message) {
            super(message, null, false, false);
        }
    }

    private ConsoleServer(Path socket, Queue queue, String notice) {
        this.socket = socket;
        this.pidFile = socket.resolveSibling(socket.getFileName() + ".pid");
        this.queue = queue;
        this.notice = notice;
    }

    static ConsoleServer start(Path socket, Queue queue) throws StartException {
        try {
            Files.createDirectories(socket.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new StartException("cannot create " + socket.getParent() + ": " + e.getMessage());
        }
        String notice = "";
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            Optional<String> squatter = squatter(socket);
            if (squatter.isEmpty()) {
                throw new StartException("a console is already running (pid " + readPid(socket) + ")");
            }
            notice = squatter.get();
            try {
                Files.delete(socket); // left by a console that crashed, or held by something that is not one
            } catch (IOException e) {
                throw new StartException("cannot remove " + socket + " (" + e.getMessage() + ")"
                        + (notice.isEmpty() ? "" : "; " + notice));
            }
        }
        ConsoleServer s = new ConsoleServer(socket, queue, notice);
        s.bind();
        try {
            Files.writeString(s.pidFile, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            s.close();
            throw new StartException("cannot write " + s.pidFile + ": " + e.getMessage());
        }
        s.timers.scheduleWithFixedDelay(s::watchPath, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    /** What the person should be told: empty for nothing but this console's own start. */
    String notice() {
        return notice;
    }

    /**
     * Whether something other than a person's console holds {@code socket}: empty when a live console of
     * this installation answers there; else a sentence for the person (nothing, when nothing answers).
     */
    private static Optional<String> squatter(Path socket) {
        try (UnixSocket c = UnixSocket.connect(socket)) {
            Optional<String> why = ConsolePeer.refusal(c, socket, Map.of());
            if (why.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("something else was answering on " + socket + ", and airlock-sh never asked it: "
                    + why.get() + ". This console took the socket over");
        } catch (IOException e) {
            return Optional.of(""); // nothing answers: a stale socket
        }
    }

    private void bind() throws StartException {
        try {
            UnixSocket server = UnixSocket.listen(socket);
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            boundInode = Files.getAttribute(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            listening.add(server);
            daemon(() -> acceptLoop(server), "accept").start();
        } catch (IOException | RuntimeException e) {
            throw new StartException("cannot listen on " + socket + ": " + e.getMessage());
        }
    }

    /** The socket's path must still lead to this console's socket; if another took it, say so and take it back. */
    private void watchPath() {
        if (closed) {
            return;
        }
        Object now;
        try {
            now = Files.getAttribute(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            now = null;
        }
        if (boundInode.equals(now)) {
            return;
        }
        String what = now == null ? "was removed" : "was replaced by another socket";
        Optional<String> other = now == null ? Optional.of("") : squatter(socket);
        try {
            Files.deleteIfExists(socket);
            bind();
            notice = LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + ": " + socket + " " + what
                    + (other.isPresent() && !other.get().isEmpty() ? " (" + other.get() + ")" : "") + "; taken back";
        } catch (IOException | StartException e) {
            notice = LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + ": " + socket + " " + what
                    + " and cannot be taken back (" + e.getMessage() + "): airlock-sh refuses to ask anything else there";
        }
        queue.changed();
    }

    private static String readPid(Path socket) {
        try {
            return Files.readString(socket.resolveSibling(socket.getFileName() + ".pid")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void acceptLoop(UnixSocket server) {
        while (!closed) {
            try {
                UnixSocket ch = server.accept();
                daemon(() -> serve(ch), "request").start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(UnixSocket ch) {
        var dropSilent = timers.schedule(ch::release, FIRST_LINE_MILLIS, TimeUnit.MILLISECONDS);
        Protocol.Request request;
        try {
            String line = Protocol.readLine(ch);
            dropSilent.cancel(false);
            if (line == null) {
                ch.release();
                return;
            }
            request = origin(Protocol.parseRequest(line), ch);
        } catch (IOException | Protocol.ProtocolException e) {
            ch.release(); // a malformed, oversized or silent client gets nothing and changes nothing
            return;
        }
        Pending p = new Pending(request, ch, System.currentTimeMillis());
        queue.add(p);
        try {
            // The requester sends nothing more: end of stream means it went away (killed, timed out).
            while (Protocol.readLine(ch) != null) {
                // ignore anything else it says
            }
        } catch (IOException | Protocol.ProtocolException e) {
            // closed by our answer, or by the peer
        }
        p.withdraw();
        queue.changed();
    }

    /** The request with who asks as the kernel knows it: the connecting process, its chain, its agent. */
    private static Protocol.Request origin(Protocol.Request r, UnixSocket ch) throws IOException {
        long pid = ch.peer().pid();
        if (pid <= 0) {
            return r.from(0, "unknown", List.of("?(in a PID namespace the console cannot see)"));
        }
        List<String> chain = ProcessInfo.chain(pid, 6);
        return r.from(pid, ProcessInfo.agent(environment(pid), chain), chain);
    }

    /** The environment the process started with, as /proc keeps it (agents mark theirs: CLAUDECODE=1, ...). */
    private static Map<String, String> environment(long pid) {
        Map<String, String> env = new HashMap<>();
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            for (String kv : new String(b, StandardCharsets.UTF_8).split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone: the chain alone names the agent
        }
        return env;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, "console-" + name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        listening.forEach(UnixSocket::release);
        try {
            // Only this console's own socket: one that replaced it is not ours to remove.
            if (boundInode != null && boundInode.equals(Files.getAttribute(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
                Files.deleteIfExists(socket);
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException ignored) {
            // a stale socket is detected and replaced by the next console
        }
    }
}
