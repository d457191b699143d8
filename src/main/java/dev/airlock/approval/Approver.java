package dev.airlock.approval;

import java.util.Map;

/** A channel to a person. Implementations never approve on error: a failure is a denial with a note. */
public interface Approver {
    ApprovalAnswer ask(ApprovalRequest request);

    /**
     * As {@link #ask(ApprovalRequest)}, running {@code asking} once the question has really reached a
     * person's channel (and not when nobody can be asked), so a caller says "asking" only then.
     */
    default ApprovalAnswer ask(ApprovalRequest request, Runnable asking) {
        asking.run();
        return ask(request);
    }

    /**
     * Where the command came from, so that a refusal for want of an approver says what helps there:
     * `AIRLOCK_APPROVAL=tty` only where it is read and a terminal exists.
     */
    enum Place {
        /** `airlock-sh -c`: an agent's command. */
        COMMAND,
        /** `airlock-sh -s`: commands piped to the guarded shell. */
        PIPED,
        /** `airlock session`: the console only, whatever AIRLOCK_APPROVAL says. */
        SESSION
    }

    /**
     * True when a question would reach a person now: a terminal to ask on (`AIRLOCK_APPROVAL=tty`), or
     * a person's console listening on the socket (connected to, judged by the kernel's record of its
     * process, and hung up on before anything is sent).
     */
    static boolean someoneToAsk(Map<String, String> env) {
        if ("tty".equals(env.get("AIRLOCK_APPROVAL"))) {
            try (var tty = new java.io.FileInputStream("/dev/tty")) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return ConsoleApprover.refusal(dev.airlock.policy.AirlockPaths.from(env).socket(), env).isEmpty();
    }

    /** The channel for this environment: `AIRLOCK_APPROVAL=tty` asks on /dev/tty; otherwise the console's socket. */
    static Approver from(Map<String, String> env) {
        return from(env, Place.COMMAND);
    }

    /** As {@link #from(Map)}, for commands from {@code place}. */
    static Approver from(Map<String, String> env, Place place) {
        String mode = env.getOrDefault("AIRLOCK_APPROVAL", "console");
        if (mode.equals("tty") && place != Place.SESSION) {
            return new TtyApprover(ApprovalTimeout.from(env));
        }
        return new ConsoleApprover(dev.airlock.policy.AirlockPaths.from(env).socket(), ApprovalTimeout.from(env), place, env);
    }
}
