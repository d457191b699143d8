package dev.airlock.approval;

/**
 * A person's answer, or a denial because nobody could answer. {@code approver} is what the audit
 * log records (`console`, `tty`, `none`); {@code note} is shown to the agent on a denial.
 */
public record ApprovalAnswer(boolean approved, String approver, String scope, String note, long waitedMillis) {
    public static ApprovalAnswer denied(String approver, String note, long waited) {
        return new ApprovalAnswer(false, approver, "once", note, waited);
    }
}
