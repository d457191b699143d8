package dev.airlock.approval;

/**
 * A person's answer, or a denial because nobody could answer. {@code approver} is what the audit
 * log records (`console`, `tty`, `none`); {@code note} is shown to the agent on a denial; {@code
 * sandbox}, when not null, is the profile the person chose among the request's offers.
 */
public record ApprovalAnswer(boolean approved, String approver, String scope, String note, long waitedMillis,
        String sandbox) {
    public ApprovalAnswer(boolean approved, String approver, String scope, String note, long waitedMillis) {
        this(approved, approver, scope, note, waitedMillis, null);
    }

    public static ApprovalAnswer denied(String approver, String note, long waited) {
        return new ApprovalAnswer(false, approver, "once", note, waited);
    }
}
