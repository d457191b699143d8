package dev.airlock.exec;

import dev.airlock.approval.ApprovalAnswer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditRecord;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Verdict;
import dev.airlock.sandbox.Placement;
import dev.airlock.sandbox.Profile;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The way into the real shell for every entry point that runs commands (`airlock-sh -c`, the piped
 * shell, the PTY session): classify the command, ask a person when the policy says so, and write
 * the decision record (durable before anything runs); after the command, write the result record.
 * One place, so every mode logs the same fields and refuses with the same `airlock:` lines.
 */
public final class CommandGate {
    private final Classifier classifier;
    private final AuditLog log;
    private final Supplier<Approver> approver;
    private final String session;
    private final long pid;
    private final Sandbox sandbox;

    /**
     * A gate whose commands run where {@code sandbox} places them; null for one that never confines
     * (its records say `unavailable`).
     */
    public CommandGate(Classifier classifier, AuditLog log, Supplier<Approver> approver, String session, Sandbox sandbox) {
        this(classifier, log, approver, session, ProcessHandle.current().pid(), sandbox);
    }

    /** A gate acting for process {@code pid}, which its records name: the resident server admits for its clients. */
    public CommandGate(Classifier classifier, AuditLog log, Supplier<Approver> approver, String session, long pid,
            Sandbox sandbox) {
        this.classifier = classifier;
        this.log = log;
        this.approver = approver;
        this.session = session;
        this.pid = pid;
        this.sandbox = sandbox;
    }

    /** The profiles a person may approve a command in, the proposed one first. */
    private static final List<String> OFFERED = List.of(Profile.NONE.json(), Profile.WORKSPACE.json(),
            Profile.READ_ONLY.json());

    /** Why a gate without a sandbox runs its commands unconfined. */
    static final SandboxStatus NO_SANDBOX = new SandboxStatus.Unavailable("this gate was given no sandbox");

    private Placement place(Verdict verdict, String cwd) {
        if (sandbox != null) {
            return sandbox.place(verdict, cwd);
        }
        return Placement.unconfined(verdict, NO_SANDBOX, classifier.layers().requireSandbox());
    }

    /**
     * Who asks and what else the records carry. {@code owned}: files an agent's start-up script may
     * write; {@code receipts}, when not null: where an outer airlock-sh may have left its approval of
     * this very command (Codex's nested start), see {@link Receipts}.
     */
    public record Context(List<String> owned, List<String> chain, String agent, Map<String, Object> extra,
            Receipts receipts) {
        public Context {
            owned = List.copyOf(owned);
            chain = List.copyOf(chain);
            extra = Map.copyOf(extra);
        }

        public static Context of(String agent, Map<String, Object> extra) {
            return new Context(List.of(), List.of(), agent, extra, null);
        }
    }

    /** The decision about one command, as logged under {@code seq}, and where it runs. */
    public record Admission(String command, Verdict verdict, boolean runs, String approver, String note, long seq,
            Placement placement) {
        /** The `airlock:` lines that tell the agent what was refused and why (nothing when it runs). */
        public void printRefusal(PrintStream err) {
            if (!runs) {
                Refusal.print(err, command, verdict, refusalNote());
            }
        }

        private String refusalNote() {
            if (verdict.decision() == Decision.DENY) {
                return "this command is never run through airlock.";
            }
            if (approver.equals("none")) {
                return "this needs a person's approval, and " + (note == null ? "no approver is available" : note);
            }
            return "it was not approved" + (note == null ? "." : ": " + note);
        }
    }

    /** Classifies {@code command} in {@code cwd}, asks when needed (this may wait for a person), logs the decision. */
    public Admission admit(String command, String cwd, Context context) throws AuditException {
        return admit(command, cwd, context, place(classifier.classify(command, cwd, context.owned()).verdict(), cwd));
    }

    /**
     * Admits {@code command} only when the policy allows it by itself and it runs read-only or
     * unconfined, and writes its decision record; empty (and nothing written) when it would ask a
     * person, refuse, or run confined to the workspace, which the caller leaves to airlock-sh's own path.
     */
    public Optional<Admission> admitIfAllowed(String command, String cwd, Context context) throws AuditException {
        Placement placement = place(classifier.classify(command, cwd, context.owned()).verdict(), cwd);
        // One that may write its workspace gets snapshots around it (WriteWatch), which only airlock-sh's own JVM takes.
        return placement.decision() == Decision.ALLOW && placement.profile() != Profile.WORKSPACE
                ? Optional.of(admit(command, cwd, context, placement))
                : Optional.empty();
    }

    private Admission admit(String command, String cwd, Context context, Placement placement) throws AuditException {
        Verdict verdict = placement.verdict();
        Decision decision = placement.decision();
        String by = placement.confinedInsteadOfAsking() ? "sandbox" : rememberedBy(verdict) ? "remembered" : "policy";
        String note = null;
        Map<String, Object> extra = new HashMap<>(context.extra());
        if (decision == Decision.ASK) {
            Optional<Receipts.Grant> grant = context.receipts() == null ? Optional.empty()
                    : context.receipts().consume(command, cwd);
            if (grant.isPresent()) {
                decision = Decision.ALLOW;
                by = grant.get().approver();
                extra.put("receipt_of", grant.get().approvedSeq());
                extra.put("answer", ApprovalAnswer.Outcome.APPROVED.json());
            } else {
                ApprovalRequest request = new ApprovalRequest(UUID.randomUUID().toString(), command, cwd,
                        verdict.reasons(), verdict.rules(), context.chain(), context.agent(),
                        explanation(command, verdict), ApprovalRequest.highlights(command, verdict),
                        sandbox != null && sandbox.offersProfiles() ? OFFERED : List.of());
                ApprovalAnswer answer = approver.get().ask(request);
                by = answer.approver();
                note = answer.note();
                extra.put("wait_ms", answer.waitedMillis());
                extra.put("answer", answer.outcome().json());
                decision = answer.approved() ? Decision.ALLOW : Decision.DENY;
                if (answer.approved() && answer.sandbox() != null) {
                    placement = placement.approvedIn(Profile.parse(answer.sandbox()).orElseThrow());
                }
            }
        }
        if (note != null) {
            extra.put("note", note);
        }
        extra.put("outcome", decision == Decision.ALLOW ? "run" : "refused");
        extra.put("sandbox", placement.sandbox());
        long seq = log.append(AuditRecord.decision(session, pid, cwd, command, verdict.decision().json(),
                verdict.rules(), verdict.reasons(), by, extra));
        return new Admission(command, verdict, decision == Decision.ALLOW, by, note, seq, placement);
    }

    /** Logs how the admitted command ended: its status (128+N when signal N killed it) and how long it ran. */
    public void finished(Admission admission, String cwd, int status, long millis, Map<String, Object> extra)
            throws AuditException {
        Map<String, Object> result = new HashMap<>(extra);
        if (status > 128 && status < 160) {
            result.put("signal", Signals.name(status - 128));
        }
        log.append(AuditRecord.result(session, pid, cwd, admission.command(), admission.seq(), status, millis, result));
    }

    /**
     * Logs that how the admitted command ended is unknown and why ({@code result_lost}), so that the
     * decision's `run` is not left without a result.
     */
    public void lost(Admission admission, String cwd, String why, Map<String, Object> extra) throws AuditException {
        log.append(AuditRecord.lostResult(session, pid, cwd, admission.command(), admission.seq(), why, extra));
    }

    /** Allowed by a rule a person saved with "approve always" at the console. */
    private static boolean rememberedBy(Verdict v) {
        return v.decision() == Decision.ALLOW && v.parts().stream().flatMap(p -> p.hits().stream())
                .anyMatch(h -> h.layer().equals("user") && h.rule().startsWith("remembered."));
    }

    private static String explanation(String command, Verdict v) {
        StringBuilder sb = new StringBuilder();
        sb.append("  command: ").append(Refusal.shorten(command)).append('\n');
        for (int k = 0; k < v.reasons().size(); k++) {
            sb.append("  ").append(v.decision().json()).append(": ").append(v.reasons().get(k)).append('\n');
        }
        return sb.toString();
    }

    /** The id every command of one agent process is logged under: inherited, else from {@code fallback}. */
    public static String sessionId(Map<String, String> env, Supplier<String> fallback) {
        String inherited = env.get("AIRLOCK_SESSION");
        return inherited != null && inherited.matches("[A-Za-z0-9._:-]{1,80}") ? inherited : fallback.get();
    }

    /** The directory a live process works in, as the kernel sees it (a command's output cannot fake it). */
    public static Optional<String> cwdOf(long pid) {
        try {
            return Optional.of(java.nio.file.Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString());
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
