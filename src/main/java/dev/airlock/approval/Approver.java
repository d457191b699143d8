package dev.airlock.approval;

import java.util.Map;

/** A channel to a person. Implementations never approve on error: a failure is a denial with a note. */
public interface Approver {
    ApprovalAnswer ask(ApprovalRequest request);

    /** The channel for this environment: `AIRLOCK_APPROVAL=tty` asks on /dev/tty; otherwise nobody can answer yet. */
    static Approver from(Map<String, String> env) {
        String mode = env.getOrDefault("AIRLOCK_APPROVAL", "console");
        if (mode.equals("tty")) {
            return new TtyApprover(ApprovalTimeout.from(env));
        }
        return request -> ApprovalAnswer.denied("none",
                "no approver is available: run `airlock console` in your own terminal, or set AIRLOCK_APPROVAL=tty "
                        + "when you run airlock yourself", 0);
    }
}
