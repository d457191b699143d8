package dev.airlock.approval;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the person at `airlock console` over its socket and waits for the answer, at most the
 * approval timeout. No console, a closed connection, a bad answer or the timeout: denied. Before the
 * request is sent, the process at the other end of the connection, as the kernel knows it, must be a
 * person's console ({@link ConsolePeer}).
 */
final class ConsoleApprover implements Approver {
    private final Path socket;
    private final Duration timeout;
    private final Approver.Place place;
    private final Map<String, String> env;

    ConsoleApprover(Path socket, Duration timeout, Approver.Place place, Map<String, String> env) {
        this.socket = socket;
        this.timeout = timeout;
        this.place = place;
        this.env = Map.copyOf(env);
    }

    /** Whether a person's console answers on {@code socket} now: connects, judges the peer, and hangs up. */
    static Optional<String> refusal(Path socket, Map<String, String> env) {
        try (UnixSocket ch = UnixSocket.connect(socket)) {
            return ConsolePeer.refusal(ch, socket, env);
        } catch (IOException e) {
            return Optional.of("no approval console is running");
        }
    }

    @Override
    public ApprovalAnswer ask(ApprovalRequest request) {
        return ask(request, () -> { });
    }

    /** What to do when no console runs, in words that fit where the command was typed. */
    private String noConsole() {
        String start = "no approval console is running: start `airlock console` in a terminal of your own";
        if (place == Approver.Place.SESSION) {
            return start + ", then run the command again";
        }
        return hasTerminal() ? start + ", or set AIRLOCK_APPROVAL=tty to answer on this terminal" : start;
    }

    /** Whether this process has a controlling terminal that AIRLOCK_APPROVAL=tty could ask on. */
    private static boolean hasTerminal() {
        try (java.io.FileInputStream tty = new java.io.FileInputStream("/dev/tty")) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public ApprovalAnswer ask(ApprovalRequest request, Runnable asking) {
        long start = System.nanoTime();
        UnixSocket ch;
        try {
            ch = UnixSocket.connect(socket);
        } catch (IOException | RuntimeException e) {
            return ApprovalAnswer.unavailable(noConsole(), waited(start));
        }
        // Only a person's console may answer: never a process the agent started (docs/security.md). The
        // process judged is the one at the other end of this connection, as the kernel recorded it.
        Optional<String> refusal = ConsolePeer.refusal(ch, socket, env);
        if (refusal.isPresent()) {
            ch.release();
            return ApprovalAnswer.unavailable("refusing to ask: " + refusal.get(), waited(start));
        }
        asking.run();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "approval-timeout");
            t.setDaemon(true);
            return t;
        });
        boolean[] timedOut = {false};
        timer.schedule(() -> {
            timedOut[0] = true;
            ch.shutdown(); // the read below returns; the connection closes as it ends
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (ch) {
            Protocol.writeLine(ch, Protocol.request(request, ProcessHandle.current().pid(), timeout.toSeconds()));
            String line = Protocol.readLine(ch);
            if (line == null) {
                return timedOut[0] ? ApprovalAnswer.timedOut("console", timeout, waited(start))
                        : ApprovalAnswer.denied("console", "the console closed the request without an answer", waited(start));
            }
            Protocol.Decision d = Protocol.parseDecision(line, request.id());
            if (d.sandbox() != null && !request.sandboxes().contains(d.sandbox())) {
                return ApprovalAnswer.denied("console", "the console chose a sandbox that was not offered: "
                        + d.sandbox(), waited(start));
            }
            return new ApprovalAnswer(d.approve(), "console", d.scope(), d.note(), waited(start), d.sandbox());
        } catch (IOException e) {
            return timedOut[0] ? ApprovalAnswer.timedOut("console", timeout, waited(start))
                    : ApprovalAnswer.denied("console", "the console went away: " + e.getMessage(), waited(start));
        } catch (Protocol.ProtocolException e) {
            return ApprovalAnswer.denied("console", "bad answer from the console: " + e.getMessage(), waited(start));
        } finally {
            timer.shutdownNow();
        }
    }

    private static long waited(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
