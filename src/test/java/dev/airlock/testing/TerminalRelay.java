package dev.airlock.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's approver behind a real terminal. airlock-sh and the session ask only a listener that has a
 * controlling terminal and sits outside any guarded tree, as a person's console does; a test JVM has no
 * terminal. So the test listens on a private socket, and this relay, started under util-linux `script`
 * (which gives it a pseudo-terminal), listens on the console socket and pipes each connection through,
 * closing each direction as the other side does.
 */
public final class TerminalRelay implements AutoCloseable {
    private final Process process;

    private TerminalRelay(Process process) {
        this.process = process;
    }

    /** Starts the relay from {@code outer} (the console socket) to {@code inner}, once it is listening. */
    public static TerminalRelay start(Path outer, Path inner) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
                TerminalRelay.class.getName(), quote(outer.toString()), quote(inner.toString()));
        Process p = new ProcessBuilder("script", "-qefc", cmd, "/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(outer)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("the terminal relay did not start listening on " + outer);
            }
            Thread.sleep(20);
        }
        return new TerminalRelay(p);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroy();
        all.forEach(ProcessHandle::destroy);
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws IOException {
        Path outer = Path.of(args[0]);
        UnixDomainSocketAddress inner = UnixDomainSocketAddress.of(args[1]);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(outer));
            while (true) {
                SocketChannel client = server.accept();
                SocketChannel target = SocketChannel.open(inner);
                pipe(client, target);
                pipe(target, client);
            }
        }
    }

    private static void pipe(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // both ends are going away
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
