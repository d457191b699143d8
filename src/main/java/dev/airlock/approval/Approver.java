package dev.airlock.approval;

import java.util.Map;

/** A channel to a person. Implementations never approve on error: a failure is a denial with a note. */
public interface Approver {
    ApprovalAnswer ask(ApprovalRequest request);

    /** The channel for this environment: `AIRLOCK_APPROVAL=tty` asks on /dev/tty; otherwise the console's socket. */
    static Approver from(Map<String, String> env) {
        String mode = env.getOrDefault("AIRLOCK_APPROVAL", "console");
        if (mode.equals("tty")) {
            return new TtyApprover(ApprovalTimeout.from(env));
        }
        return new ConsoleApprover(dev.airlock.policy.AirlockPaths.from(env).socket(), ApprovalTimeout.from(env));
    }
}
