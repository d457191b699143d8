package dev.airlock.resident;

import dev.airlock.audit.AuditException;
import dev.airlock.exec.ResidentAdmission;
import dev.airlock.sandbox.Bubblewrap;
import dev.airlock.sandbox.SandboxStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Answers airlock-sh launchers on 127.0.0.1, one connection per command: a request line naming the
 * launcher's pid, the answer ({@link Reply}), and for a command that runs, later, its exit status and
 * duration, which become the result record. Ends itself when idle or when the installation changed.
 */
final class ResidentServer {
    static final String GREETING = "airlock-resident 1 ";
    /** Enough for the greeting and a pid; a request is never longer. */
    private static final int MAX_LINE = 128;
    private static final int MAX_CLIENTS = 64;

    private final ServerSocket socket;
    private final Path launcher;
    private final Path interpreter;
    private final BooleanSupplier installationChanged;
    private final String token;
    private final PolicyCache policy = new PolicyCache();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "resident-client");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    ResidentServer(Path launcher, Path interpreter, BooleanSupplier installationChanged, String token) throws IOException {
        this.token = token;
        this.socket = new ServerSocket();
        this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.launcher = launcher;
        this.interpreter = interpreter;
        this.installationChanged = installationChanged;
    }

    /** bwrap's trial run costs milliseconds: its answer holds for a minute (a package removed, a sysctl changed). */
    private static final long SANDBOX_CHECK_NANOS = 60_000_000_000L;
    private SandboxStatus sandbox;
    private long sandboxCheckedAt;

    private synchronized SandboxStatus sandbox() {
        if (sandbox == null || System.nanoTime() - sandboxCheckedAt > SANDBOX_CHECK_NANOS) {
            sandbox = Bubblewrap.find();
            sandboxCheckedAt = System.nanoTime();
        }
        return sandbox;
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Nanoseconds since the last request began or the last command ended; 0 while a command runs. */
    long idleNanos() {
        return active.get() > 0 ? 0 : System.nanoTime() - lastActivity.get();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Accepts until {@link #close}. */
    void serve() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return;
            }
            if (active.incrementAndGet() > MAX_CLIENTS) {
                closeQuietly(client); // the launcher reads nothing and takes the JVM path
                active.decrementAndGet();
                continue;
            }
            lastActivity.set(System.nanoTime());
            workers.execute(() -> {
                try (client) {
                    handle(client);
                } catch (IOException | RuntimeException e) {
                    System.err.println("resident: " + e);
                } finally {
                    lastActivity.set(System.nanoTime());
                    active.decrementAndGet();
                }
            });
        }
    }

    private void handle(Socket client) throws IOException {
        client.setSoTimeout(5_000);
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        // Anything but a verified launcher's request is closed unanswered: only such a launcher learns the token.
        String request = line(in);
        if (request == null || !request.startsWith(GREETING)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(request.substring(GREETING.length()));
        } catch (NumberFormatException e) {
            return;
        }
        if (installationChanged.getAsBoolean()) {
            close();
            return;
        }
        ClientProcess process;
        try {
            process = ClientProcess.read(pid, client.getPort(), socket.getLocalPort(), launcher, interpreter);
        } catch (ClientProcess.Rejected e) {
            return;
        }
        // The token first, then nothing until the launcher says go: until then it may still give up
        // (a slow server under load) and let its JVM decide, and one command must never be decided twice.
        out.write(Reply.field(token));
        out.flush();
        if (!"go".equals(line(in))) {
            return;
        }
        ResidentAdmission.Answer answer = ResidentAdmission.admit(process.argv(), process.env(), process.cwd(),
                process.pid(), policy, Bubblewrap.fromSetting(process.env()).orElseGet(this::sandbox));
        if (!(answer instanceof ResidentAdmission.Run run)) {
            out.write(Reply.of(answer));
            return;
        }
        try (ResidentAdmission.Completion completion = run.completion()) {
            try {
                out.write(Reply.of(answer));
                out.flush();
            } catch (IOException e) {
                // The launcher is gone before it had the answer, so it runs nothing: the decision's result says so.
                completion.notRun("the launcher (pid " + pid + ") ended before it received the answer");
                return;
            }
            client.setSoTimeout(0); // the command may run for hours
            String done;
            try {
                done = line(in);
            } catch (IOException e) {
                done = null;
            }
            if (done == null || !done.startsWith("done ")) {
                completion.lost("the launcher (pid " + pid + ") ended without reporting how the command ended"
                        + " (killed, or its connection broke)");
                return;
            }
            String[] f = done.split(" ");
            try {
                completion.finished(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                out.write(Reply.field("ok"));
            } catch (AuditException e) {
                // The command ran: the launcher tells the agent, and verify shows the result as lost.
                out.write(Reply.field("lost"));
                out.write(Reply.field(e.getMessage().replace('\0', ' ')));
            }
        } catch (RuntimeException e) {
            System.err.println("resident: result of pid " + pid + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException e) {
            // the launcher falls back on its own when it reads nothing
        }
    }

    /** After {@link #serve} returned: waits for the commands already admitted, so each gets its result record. */
    void finishRunning() {
        workers.shutdown();
        try {
            while (!workers.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS)) {
                // a command may run for days; its launcher still reports to this process
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line without its newline, or null at end of stream or past {@link #MAX_LINE} bytes. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                return null;
            }
            sb.append((char) c);
        }
        return null;
    }
}
