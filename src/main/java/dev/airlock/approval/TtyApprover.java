package dev.airlock.approval;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks on the controlling terminal, never on stdin (which an agent may control): prints the
 * explanation to /dev/tty and reads one line; `y` approves, anything else (or no answer before the
 * timeout, or no terminal at all) denies.
 */
final class TtyApprover implements Approver {
    private final Duration timeout;

    TtyApprover(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public ApprovalAnswer ask(ApprovalRequest request) {
        long start = System.nanoTime();
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tty-approval");
            t.setDaemon(true);
            return t;
        });
        try (InputStream in = new FileInputStream("/dev/tty"); OutputStream out = new FileOutputStream("/dev/tty")) {
            boolean offersWorkspace = request.sandboxes().contains("workspace");
            String prompt = "\nairlock: approval needed\n" + request.explanation()
                    + (offersWorkspace ? "airlock: y runs it unconfined, w confined to the workspace (no network)\n"
                            + "airlock: run it? [y/w/N] (" : "airlock: run it? [y/N] (") + timeout.toSeconds() + "s) ";
            out.write(prompt.getBytes(StandardCharsets.UTF_8));
            out.flush();
            Future<String> line = reader.submit(() -> readLine(in));
            String answer;
            try {
                answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                out.write("\nairlock: no answer, denied\n".getBytes(StandardCharsets.UTF_8));
                return ApprovalAnswer.timedOut("tty", timeout, waited(start));
            }
            String a = answer == null ? "" : answer.strip();
            boolean workspace = offersWorkspace && a.equalsIgnoreCase("w");
            boolean yes = a.equalsIgnoreCase("y") || workspace;
            return new ApprovalAnswer(yes, "tty", "once", yes ? null : "denied at the terminal", waited(start),
                    workspace ? "workspace" : null);
        } catch (IOException e) {
            return new ApprovalAnswer(false, "tty", "once", "there is no terminal to ask on (" + e.getMessage() + ")", waited(start),
                    ApprovalAnswer.Outcome.NO_APPROVER);
        } catch (Exception e) {
            return ApprovalAnswer.denied("tty", "approval failed: " + e, waited(start));
        } finally {
            reader.shutdownNow();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
            if (sb.length() > 64) {
                break;
            }
        }
        return c < 0 && sb.length() == 0 ? null : sb.toString();
    }

    private static long waited(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
