package dev.airlock.approval;

/**
 * A person's answer, or a denial because nobody could answer. {@code approver} is what the audit
 * log records (`console`, `tty`, `none`); {@code note} is shown to the agent on a denial;
 * {@code outcome} says how the question ended, which the audit log records as `answer`; {@code
 * sandbox}, when not null, is the profile the person chose among the request's offers.
 */
public record ApprovalAnswer(boolean approved, String approver, String scope, String note, long waitedMillis,
        Outcome outcome, String sandbox) {

    /** How a question to a person ended. */
    public enum Outcome {
        APPROVED("approved"), DENIED("denied"), TIMED_OUT("timed out"), WITHDRAWN("withdrawn"),
        NO_APPROVER("no approver");

        private final String json;

        Outcome(String json) {
            this.json = json;
        }

        /** The value of the audit record's `answer` field. */
        public String json() {
            return json;
        }
    }

    public ApprovalAnswer(boolean approved, String approver, String scope, String note, long waitedMillis,
            Outcome outcome) {
        this(approved, approver, scope, note, waitedMillis, outcome, null);
    }

    /** A person's answer, approving in {@code sandbox} (null: as proposed) or denying. */
    public ApprovalAnswer(boolean approved, String approver, String scope, String note, long waitedMillis,
            String sandbox) {
        this(approved, approver, scope, note, waitedMillis, approved ? Outcome.APPROVED : Outcome.DENIED, sandbox);
    }

    /** A person's answer: approved or denied. */
    public ApprovalAnswer(boolean approved, String approver, String scope, String note, long waitedMillis) {
        this(approved, approver, scope, note, waitedMillis, approved ? Outcome.APPROVED : Outcome.DENIED, null);
    }

    public static ApprovalAnswer denied(String approver, String note, long waited) {
        return new ApprovalAnswer(false, approver, "once", note, waited, Outcome.DENIED);
    }

    /** Nobody answered within the approval timeout. */
    public static ApprovalAnswer timedOut(String approver, java.time.Duration timeout, long waited) {
        return new ApprovalAnswer(false, approver, "once", "no answer within " + timeout.toSeconds() + " s", waited,
                Outcome.TIMED_OUT);
    }

    /** Nobody could be asked: no console, or one that must not answer; the approver is `none`. */
    public static ApprovalAnswer unavailable(String note, long waited) {
        return new ApprovalAnswer(false, "none", "once", note, waited, Outcome.NO_APPROVER);
    }

    /** The request was taken back before anyone answered (Ctrl-C in a session). */
    public static ApprovalAnswer withdrawn(String approver, String note, long waited) {
        return new ApprovalAnswer(false, approver, "once", note, waited, Outcome.WITHDRAWN);
    }
}
