package dev.airlock.exec;

import dev.airlock.approval.ApprovalAnswer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.approval.GuardedTree;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditRecord;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import dev.airlock.policy.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * airlock-sh: the agent's shell. For `-c TEXT`: unwrap the agent's harness, classify the model's
 * command, write the decision record (durable before anything runs), ask a person when the policy
 * says so, run the real shell with the same arguments, write the result record, and exit with the
 * command's status. Anything that goes wrong on the way refuses the command (exit 126).
 */
public final class Shim {
    private final Map<String, String> env;
    private final PrintStream err;
    private final String cwd;
    private final AirlockPaths paths;
    private final long pid = ProcessHandle.current().pid();

    public Shim(Map<String, String> env, PrintStream err, String cwd) {
        this.env = env;
        this.err = err;
        this.cwd = cwd;
        this.paths = AirlockPaths.from(env);
    }

    /** The real shell once it runs; until then a signal ends airlock-sh at once, with nothing run. */
    private final java.util.concurrent.atomic.AtomicReference<Process> child = new java.util.concurrent.atomic.AtomicReference<>();

    /** In the terminal shell, Ctrl-C goes to the whole foreground process group by itself. */
    private volatile boolean interactive;

    private void onSignal(int signal) {
        if (interactive && signal == 2) {
            return;
        }
        Process p = child.get();
        if (p != null && p.isAlive()) {
            RealShell.forward(p, signal);
            return;
        }
        err.println("airlock: interrupted by SIG" + Signals.name(signal) + " before the command ran; nothing was run.");
        err.flush();
        Runtime.getRuntime().halt(128 + signal);
    }

    public int run(List<String> argv) {
        Signals.install(this::onSignal);
        ShellArgs args;
        try {
            args = ShellArgs.parse(argv);
        } catch (ShellArgs.UsageError e) {
            err.println("airlock-sh: " + e.getMessage());
            err.println("Usage: airlock-sh [bash options] -c COMMAND [NAME [ARG...]]");
            return 2;
        }
        Path realShell = Path.of(env.getOrDefault("AIRLOCK_REAL_SHELL", "/bin/bash"));
        if (args.version() || args.help()) {
            return versionOrHelp(args, realShell);
        }
        if (!RealShell.executable(realShell)) {
            Refusal.error(err, "the real shell " + realShell + " is missing or not executable (AIRLOCK_REAL_SHELL)");
            return Refusal.EXIT;
        }
        Layers layers;
        try {
            layers = PolicySource.layers(paths, cwd);
        } catch (PolicyException e) {
            Refusal.error(err, "policy: " + e.getMessage());
            return Refusal.EXIT;
        }
        Classifier classifier = new Classifier(layers, env, paths);
        EnvScrubber.Result childEnv = new EnvScrubber(layers.envScrub(), layers.envPassthrough())
                .apply(withSession(env), shimDir());
        if (!args.commandMode()) {
            // On a terminal: a line-by-line guarded shell (the PTY session replaces it); Ctrl-C reaches the
            // command through the terminal's process group, so airlock-sh itself ignores it there.
            boolean terminal = System.console() != null && !args.readStdin();
            if (terminal) {
                interactive = true;
                err.println("airlock-sh: guarded shell; every command is checked before it runs (Ctrl-D ends it)");
            }
            return new StdinShell(classifier, auditOrNull(), approver(), err, cwd, session(), child::set, terminal)
                    .run(System.in, args, realShell, childEnv);
        }
        return runCommand(args, realShell, classifier, childEnv);
    }

    private int runCommand(ShellArgs args, Path realShell, Classifier classifier, EnvScrubber.Result childEnv) {
        String text = args.command();
        if (text.isBlank()) {
            Refusal.error(err, "refused an empty command");
            return Refusal.EXIT;
        }
        Harness.Unwrapped unwrapped = Harness.recognise(text);
        Verdict verdict = classifier.classify(unwrapped.command(), cwd, unwrapped.owned()).verdict();
        List<String> chain = ProcessInfo.chain(pid, 6);
        String agent = unwrapped.recognised() ? unwrapped.agent() : ProcessInfo.agent(env, chain);
        Map<String, Object> extra = new HashMap<>();
        extra.put("agent", agent);
        extra.put("process_chain", chain);
        extra.put("argv", argv(args));
        extra.put("scrubbed_env", childEnv.removed());
        if (unwrapped.recognised()) {
            extra.put("harness", unwrapped.agent() + (unwrapped.startup() ? " start-up" : ""));
        }
        AuditLog log;
        try {
            log = AuditLog.open(AuditLog.defaultPath(env));
        } catch (AuditException e) {
            Refusal.error(err, "cannot write the audit log: " + e.getMessage());
            return Refusal.EXIT;
        }
        try (log) {
            Decision decision = verdict.decision();
            String approver = rememberedBy(verdict) ? "remembered" : "policy";
            String note = null;
            if (decision == Decision.ASK) {
                Optional<Receipts.Grant> grant = new Receipts(paths.stateDir()).consume(unwrapped.command(), cwd);
                if (grant.isPresent()) {
                    decision = Decision.ALLOW;
                    approver = grant.get().approver();
                    extra.put("receipt_of", grant.get().approvedSeq());
                } else {
                    ApprovalAnswer answer = approve(unwrapped.command(), verdict, chain, agent);
                    approver = answer.approver();
                    note = answer.note();
                    extra.put("wait_ms", answer.waitedMillis());
                    decision = answer.approved() ? Decision.ALLOW : Decision.DENY;
                }
            }
            if (note != null) {
                extra.put("note", note);
            }
            long seq = log.append(AuditRecord.decision(session(), pid, cwd, unwrapped.command(),
                    verdict.decision().json(), verdict.rules(), verdict.reasons(), approver,
                    withOutcome(extra, decision)));
            if (decision != Decision.ALLOW) {
                Refusal.print(err, unwrapped.command(), verdict, refusalNote(verdict.decision(), approver, note));
                return Refusal.EXIT;
            }
            long start = System.nanoTime();
            final String grantedBy = approver;
            int status;
            try {
                status = RealShell.run(args.realArgv(realShell.toString(), text), childEnv.env(), cwd, started -> {
                    child.set(started);
                    if (unwrapped.execsShell() && verdict.decision() == Decision.ASK) {
                        issueReceipt(started.pid(), unwrapped.command(), seq, grantedBy);
                    }
                });
            } catch (IOException e) {
                Refusal.error(err, "cannot start " + realShell + ": " + e.getMessage());
                status = Refusal.EXIT;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            Map<String, Object> result = new HashMap<>();
            result.put("agent", agent);
            if (status > 128 && status < 160) {
                result.put("signal", Signals.name(status - 128));
            }
            log.append(AuditRecord.result(session(), pid, cwd, unwrapped.command(), seq, status, ms, result));
            return status;
        } catch (AuditException e) {
            Refusal.error(err, "cannot write the audit log: " + e.getMessage());
            return Refusal.EXIT;
        }
    }

    /** Allowed by a rule a person saved with "approve always" at the console. */
    private static boolean rememberedBy(Verdict v) {
        return v.decision() == Decision.ALLOW && v.parts().stream().flatMap(p -> p.hits().stream())
                .anyMatch(h -> h.layer().equals("user") && h.rule().startsWith("remembered."));
    }

    private static Map<String, Object> withOutcome(Map<String, Object> extra, Decision outcome) {
        Map<String, Object> m = new HashMap<>(extra);
        m.put("outcome", outcome == Decision.ALLOW ? "run" : "refused");
        return m;
    }

    private String refusalNote(Decision policyDecision, String approver, String note) {
        if (policyDecision == Decision.DENY) {
            return "this command is never run through airlock.";
        }
        if (approver.equals("none")) {
            return "this needs a person's approval, and " + (note == null ? "no approver is available" : note);
        }
        return "it was not approved" + (note == null ? "." : ": " + note);
    }

    private ApprovalAnswer approve(String command, Verdict verdict, List<String> chain, String agent) {
        Approver approver = Approver.from(env);
        ApprovalRequest request = new ApprovalRequest(UUID.randomUUID().toString(), command, cwd, verdict.reasons(),
                verdict.rules(), chain, agent, explanation(command, verdict), ApprovalRequest.highlights(command, verdict));
        return approver.ask(request);
    }

    private static String explanation(String command, Verdict v) {
        StringBuilder sb = new StringBuilder();
        sb.append("  command: ").append(Refusal.shorten(command)).append('\n');
        for (int k = 0; k < v.reasons().size(); k++) {
            sb.append("  ").append(v.decision().json()).append(": ").append(v.reasons().get(k)).append('\n');
        }
        return sb.toString();
    }

    private void issueReceipt(long child, String command, long seq, String approver) {
        try {
            new Receipts(paths.stateDir()).issue(child, command, cwd, seq, approver);
        } catch (IOException e) {
            err.println("airlock: could not pass the approval to the nested shell (" + e.getMessage()
                    + "); it will ask again");
        }
    }

    private AuditLog auditOrNull() {
        try {
            return AuditLog.open(AuditLog.defaultPath(env));
        } catch (AuditException e) {
            return null;
        }
    }

    private Approver approver() {
        return Approver.from(env);
    }

    private int versionOrHelp(ShellArgs args, Path realShell) {
        PrintStream out = System.out;
        out.println("airlock-sh 0.1.0: a guarded shell; commands run through " + realShell + " after airlock's policy");
        out.flush();
        try {
            return RealShell.run(List.of(realShell.toString(), args.version() ? "--version" : "--help"), env, cwd, child::set);
        } catch (IOException e) {
            err.println("airlock-sh: cannot run " + realShell + ": " + e.getMessage());
            return 127;
        }
    }

    private Map<String, String> withSession(Map<String, String> e) {
        Map<String, String> m = new HashMap<>(e);
        m.put("AIRLOCK_SESSION", session());
        m.put(GuardedTree.MARKER, Long.toString(pid)); // marks the tree an approver must never come from
        return m;
    }

    private String session;

    /** One id for every command of one agent process: inherited, else from the parent's pid and start time. */
    String session() {
        if (session == null) {
            String inherited = env.get("AIRLOCK_SESSION");
            if (inherited != null && inherited.matches("[A-Za-z0-9._:-]{1,80}")) {
                session = inherited;
            } else {
                long parent = ProcessInfo.parent(pid).orElse(0L);
                session = "p" + parent + "-" + ProcessInfo.startTime(parent).orElse(0L);
            }
        }
        return session;
    }

    private Path shimDir() {
        String home = System.getProperty("airlock.home");
        return home == null ? null : Path.of(home, "bin", "shim");
    }

    private static List<String> argv(ShellArgs a) {
        List<String> out = new java.util.ArrayList<>(a.options());
        if (a.commandMode()) {
            out.add(Refusal.shorten(a.command()));
        }
        out.addAll(a.positional());
        return out;
    }
}
