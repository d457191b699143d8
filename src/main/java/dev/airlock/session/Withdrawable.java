package dev.airlock.session;

import dev.airlock.approval.ApprovalAnswer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import java.util.function.Consumer;

/**
 * The console approver as the session uses it: says on the terminal that the command waits for a
 * person, and lets Ctrl-C withdraw the request (the console then shows it withdrawn). Only the
 * wait for the answer is interrupted, never the audit log's writes.
 */
final class Withdrawable implements Approver {
    private final Approver inner;
    private final Consumer<ApprovalRequest> waiting;
    private Thread asking;
    private boolean withdrawn;

    Withdrawable(Approver inner, Consumer<ApprovalRequest> waiting) {
        this.inner = inner;
        this.waiting = waiting;
    }

    @Override
    public ApprovalAnswer ask(ApprovalRequest request) {
        synchronized (this) {
            asking = Thread.currentThread();
            withdrawn = false;
        }
        ApprovalAnswer answer;
        try {
            answer = inner.ask(request, () -> waiting.accept(request));
        } finally {
            synchronized (this) {
                asking = null;
                Thread.interrupted(); // a withdrawal that came late must not reach the next blocking call
            }
        }
        synchronized (this) {
            if (withdrawn) {
                return ApprovalAnswer.withdrawn(answer.approver(), "withdrawn at the terminal (Ctrl-C)", answer.waitedMillis());
            }
        }
        return answer;
    }

    synchronized void withdraw() {
        if (asking != null) {
            withdrawn = true;
            asking.interrupt();
        }
    }
}
