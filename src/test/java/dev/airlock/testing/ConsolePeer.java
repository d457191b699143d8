package dev.airlock.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approval.Protocol;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A stand-in for `airlock console`: accepts requests on the console socket and answers as told. */
public final class ConsolePeer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final BlockingQueue<SocketChannel> waiting = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private final TerminalRelay relay;

    private ConsolePeer(ServerSocketChannel server, TerminalRelay relay) {
        this.server = server;
        this.relay = relay;
        this.acceptor = new Thread(() -> {
            try {
                while (true) {
                    waiting.add(server.accept());
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens behind a terminal relay: airlock asks only a listener with a terminal, as a person's is. */
    public static ConsolePeer listen(Path socket) throws Exception {
        Files.createDirectories(socket.getParent());
        Path inner = socket.resolveSibling(socket.getFileName() + ".test-peer");
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(inner));
        return new ConsolePeer(s, TerminalRelay.start(socket, inner));
    }

    private SocketChannel next;
    private JsonNode request;

    /** Waits for the next request and returns it, unanswered. */
    public JsonNode await() throws Exception {
        next = waiting.poll(30, TimeUnit.SECONDS);
        assertTrue(next != null, "no request reached the console socket");
        request = new ObjectMapper().readTree(Protocol.readLine(next));
        return request;
    }

    /** Waits for the next request and approves or denies it. */
    public JsonNode answer(boolean approve) throws Exception {
        JsonNode r = await();
        Protocol.writeLine(next, Protocol.decision(r.path("id").asText(), approve, "once", approve ? null : "not now"));
        next.close();
        return r;
    }

    @Override
    public void close() throws Exception {
        relay.close();
        server.close();
    }
}
