package dev.airlock.console;

import dev.airlock.approval.Protocol;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console's end of the approval socket: one console at a time (a live one is refused, a stale
 * socket replaced), requests queued as they come, each connection watched so a requester that goes
 * away is marked withdrawn. Nothing a peer sends is ever taken as a decision.
 */
final class ConsoleServer implements AutoCloseable {
    /** A client must send its request line within this time, or it is dropped. */
    static final long FIRST_LINE_MILLIS = 5_000;

    private final Path socket;
    private final Path pidFile;
    private final ServerSocketChannel server;
    private final Queue queue;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "timers"));
    private volatile boolean closed;

    /** A failure to start that the user can fix; the message says what. */
    static final class StartException extends Exception {
        StartException(String message) {
            super(message, null, false, false);
        }
    }

    private ConsoleServer(Path socket, ServerSocketChannel server, Queue queue) {
        this.socket = socket;
        this.pidFile = socket.resolveSibling(socket.getFileName() + ".pid");
        this.server = server;
        this.queue = queue;
    }

    static ConsoleServer start(Path socket, Queue queue) throws StartException {
        try {
            Files.createDirectories(socket.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new StartException("cannot create " + socket.getParent() + ": " + e.getMessage());
        }
        if (Files.exists(socket)) {
            if (alive(socket)) {
                throw new StartException("a console is already running (pid " + readPid(socket) + ")");
            }
            try {
                Files.delete(socket); // left by a console that crashed
            } catch (IOException e) {
                throw new StartException("cannot remove the stale socket " + socket + ": " + e.getMessage());
            }
        }
        try {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            ConsoleServer s = new ConsoleServer(socket, server, queue);
            Files.writeString(s.pidFile, Long.toString(ProcessHandle.current().pid()));
            Thread accept = daemon(s::acceptLoop, "accept");
            accept.start();
            return s;
        } catch (IOException e) {
            throw new StartException("cannot listen on " + socket + ": " + e.getMessage());
        }
    }

    private static boolean alive(Path socket) {
        return dev.airlock.approval.Protocol.listening(socket);
    }

    private static String readPid(Path socket) {
        try {
            return Files.readString(socket.resolveSibling(socket.getFileName() + ".pid")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                daemon(() -> serve(ch), "request").start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel ch) {
        var dropSilent = timers.schedule(() -> close(ch), FIRST_LINE_MILLIS, TimeUnit.MILLISECONDS);
        Protocol.Request request;
        try {
            String line = Protocol.readLine(ch);
            dropSilent.cancel(false);
            if (line == null) {
                close(ch);
                return;
            }
            request = Protocol.parseRequest(line);
        } catch (IOException | Protocol.ProtocolException e) {
            close(ch); // a malformed, oversized or silent client gets nothing and changes nothing
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

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, "console-" + name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale socket is detected and replaced by the next console
        }
        timers.shutdownNow();
    }
}
