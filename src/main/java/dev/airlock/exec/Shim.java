package dev.airlock.exec;

import dev.airlock.approval.Approver;
import dev.airlock.approval.GuardedTree;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import dev.airlock.sandbox.Bubblewrap;
import dev.airlock.sandbox.Placement;
import dev.airlock.sandbox.Profile;
import dev.airlock.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;

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

    /** True when the child is bwrap: signals go to the command's process group inside. */
    private volatile boolean confinedChild;

    /** The real shell once it runs; until then a signal ends airlock-sh at once, with nothing run. */
    private final java.util.concurrent.atomic.AtomicReference<Process> child = new java.util.concurrent.atomic.AtomicReference<>();

    private void onSignal(int signal) {
        Process p = child.get();
        if (p != null && p.isAlive()) {
            RealShell.forward(p, signal, confinedChild);
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
        List<String> malformed = EnvSettings.problems(env);
        if (!malformed.isEmpty()) {
            malformed.forEach(p -> err.println("airlock: " + p));
            Refusal.error(err, "airlock's settings are malformed");
            return Refusal.EXIT;
        }
        if (!env.getOrDefault(ResidentHandOver.RESULT, "").isEmpty()) {
            return ResidentHandOver.recordResult(env, err, pid); // the command ran already
        }
        if (!env.getOrDefault(ResidentHandOver.UNANSWERED, "").isEmpty()) {
            ResidentHandOver.closeUnanswered(env, err, pid);
        }
        if (!RealShell.executable(realShell)) {
            Refusal.error(err, "the real shell " + realShell + " is missing or not executable (AIRLOCK_REAL_SHELL)");
            return Refusal.EXIT;
        }
        if (!args.commandMode() && !args.readStdin() && System.console() != null) {
            // No command and a person's (or an agent's) terminal: the guarded shell over a PTY.
            return dev.airlock.session.Session.start(env, err, cwd, realShell);
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
                .apply(withSession(env), paths.shimDir());
        if (!args.commandMode() && !args.readStdin() && !args.positional().isEmpty()) {
            return runCommand(scriptAsCommand(args, realShell), realShell, classifier, childEnv);
        }
        if (!args.commandMode()) {
            Sandbox sandbox = new Sandbox(Bubblewrap.detect(env), env, paths, classifier.layers());
            return new StdinShell(classifier, auditOrNull(), () -> Approver.from(env, Approver.Place.PIPED), err, cwd,
                    session(), child::set, sandbox, () -> Approver.someoneToAsk(env))
                    .run(System.in, args, realShell, childEnv);
        }
        new OverrideNotice(paths, cwd).print(err);
        return runCommand(args, realShell, classifier, childEnv);
    }

    /**
     * `airlock-sh [options] FILE ARGS...`: bash would run FILE. It is judged, logged and run as the
     * command line `/bin/bash [options] FILE ARGS...`, so a script is never run unseen (and never
     * silently skipped): the policy decides about running a script like any other command.
     */
    private static ShellArgs scriptAsCommand(ShellArgs args, Path realShell) {
        List<String> words = new java.util.ArrayList<>();
        words.add(realShell.toString());
        words.addAll(args.options());
        words.addAll(args.positional());
        String text = String.join(" ", words.stream().map(dev.airlock.shell.Quote::word).toList());
        return new ShellArgs(List.of("-c"), text, true, false, List.of(), false, false, false);
    }

    /**
     * Runs the command; when it ran read-only without a question and failed, and a person can be
     * asked, asks whether to run it again with writes and network. The failed run changed nothing
     * that persists, so running again is safe, and nobody is asked more often than without a sandbox.
     * The resident launcher hands such a failure here with `AIRLOCK_ASK_UNCONFINED=STATUS`.
     */
    private int runCommand(ShellArgs args, Path realShell, Classifier classifier, EnvScrubber.Result childEnv) {
        String handedOver = env.getOrDefault(ASK_UNCONFINED, "");
        int status;
        Profile ranIn = Profile.READ_ONLY;
        if (!handedOver.isEmpty()) {
            status = Integer.parseInt(handedOver.strip()); // EnvSettings checked it: 1 to 125
        } else {
            status = runOnce(args, realShell, classifier, childEnv, false);
            if (!failedConfined) {
                return status;
            }
            ranIn = lastPlacement.profile();
        }
        if (!Approver.someoneToAsk(env)) {
            err.println(Refusal.confinedNote(ranIn));
            return status;
        }
        err.println(Refusal.ASKING_AFTER_CONFINED);
        err.flush();
        return runOnce(args, realShell, classifier, childEnv, true);
    }

    /** Approvers that are a person: only their approval may be handed to a nested airlock-sh. */
    private static final java.util.Set<String> PERSONS = java.util.Set.of("console", "tty");

    /** Set by the launcher of the resident path: the status of a run that failed read-only (docs/sandbox.md). */
    static final String ASK_UNCONFINED = "AIRLOCK_ASK_UNCONFINED";

    /** The last run ran confined without a question and failed with a status a retry may change. */
    private boolean failedConfined;
    private Placement lastPlacement;

    private int runOnce(ShellArgs args, Path realShell, Classifier classifier, EnvScrubber.Result childEnv,
            boolean asking) {
        String text = args.command();
        if (text.isBlank()) {
            Refusal.error(err, "refused an empty command");
            return Refusal.EXIT;
        }
        CommandFacts facts = CommandFacts.of(args, pid, env, childEnv);
        Harness.Unwrapped unwrapped = facts.unwrapped();
        String agent = facts.agent();
        AuditLog log;
        try {
            log = AuditLog.open(AuditLog.defaultPath(env));
        } catch (AuditException e) {
            Refusal.error(err, "cannot write the audit log: " + e.getMessage());
            return Refusal.EXIT;
        }
        try (log) {
            Sandbox sandbox = new Sandbox(Bubblewrap.detect(env), env, paths, classifier.layers(),
                    unwrapped.execsAirlock(paths.install()));
            if (asking || env.containsKey(ASK_UNCONFINED)) {
                sandbox = sandbox.asking();
            }
            CommandGate gate = new CommandGate(classifier, log, () -> Approver.from(env), session(), sandbox);
            CommandGate.Admission admission = gate.admit(unwrapped.command(), cwd, new CommandGate.Context(
                    unwrapped.owned(), facts.chain(), agent, facts.extra(),
                    asking ? null : new Receipts(paths.stateDir()))); // a retry asks a person, always
            if (!admission.runs()) {
                admission.printRefusal(err);
                return Refusal.EXIT;
            }
            List<String> confined = List.of();
            Optional<String> trouble = movedDirectory();
            try {
                if (trouble.isEmpty()) {
                    confined = sandbox.prefix(admission.placement(), cwd, unwrapped.sandboxFiles(), unwrapped.sandboxDirs());
                    trouble = confined.isEmpty() ? Optional.empty() : HarnessFiles.prepare(unwrapped.sandboxFiles());
                }
            } catch (IOException e) {
                trouble = Optional.of("cannot prepare the sandbox (" + e.getMessage() + ")");
            }
            if (trouble.isPresent()) {
                Refusal.error(err, trouble.get());
                gate.finished(admission, cwd, Refusal.EXIT, 0, Map.of("agent", agent, "not_run", trouble.get()));
                return Refusal.EXIT;
            }
            List<String> argv = new ArrayList<>(confined);
            argv.addAll(args.realArgv(realShell.toString(), text));
            Map<String, Object> resultFields = new java.util.HashMap<>(Map.of("agent", agent));
            Optional<dev.airlock.snapshot.Snapshots> snapshots = WriteWatch.before(admission, cwd, paths);
            long start = System.nanoTime();
            int status;
            try {
                confinedChild = !confined.isEmpty();
                status = RealShell.run(argv, childEnv.env(), cwd, started -> {
                    child.set(started);
                    // Only a person's approval is passed on: never one the sandbox stood in for.
                    if (unwrapped.execsShell() && admission.verdict().decision() == Decision.ASK
                            && PERSONS.contains(admission.approver())) {
                        issueReceipt(started.pid(), unwrapped.command(), admission.seq(), admission.approver());
                    }
                });
            } catch (IOException e) {
                Refusal.error(err, "cannot start " + realShell + ": " + e.getMessage());
                status = Refusal.EXIT;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            snapshots.ifPresent(sn -> resultFields.putAll(sn.after()));
            try {
                gate.finished(admission, cwd, status, millis, resultFields);
            } catch (AuditException e) {
                // It ran: say so, and keep its status. `airlock audit verify` reports the result as lost.
                err.println("airlock: the command ran (exit " + status + "), but its result could not be written to"
                        + " the audit log: " + e.getMessage());
                err.flush();
            }
            // 126 and 127 (cannot run, not found) and signals (a timeout, an interrupt) would end the same way.
            failedConfined = !confined.isEmpty() && admission.placement().confinedInsteadOfAsking()
                    && status >= 1 && status <= 125;
            lastPlacement = admission.placement();
            return status;
        } catch (AuditException e) {
            Refusal.error(err, "cannot write the audit log: " + e.getMessage());
            return Refusal.EXIT;
        }
    }

    /**
     * Why the command must not run when the name of the working directory no longer leads to the
     * directory airlock-sh runs in (a link swapped in while a person decided): the command runs in
     * the directory it was judged for, and a sandbox binds it by name.
     */
    private Optional<String> movedDirectory() {
        try {
            if (java.nio.file.Files.isSameFile(Path.of(cwd), Path.of("/proc/self/cwd"))) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable: the same answer
        }
        return Optional.of("the working directory " + cwd + " is no longer the directory this command was judged in"
                + " (moved, or replaced by a link, while it waited)");
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
        return CommandFacts.withSession(e, session(), pid);
    }

    private String session;

    String session() {
        if (session == null) {
            session = CommandFacts.session(env, pid);
        }
        return session;
    }

}
