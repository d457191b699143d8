package dev.airlock.exec;

import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyException;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * airlock-sh's allowed path, answered by the resident server for a launcher that has not started a
 * JVM: the same parsing of bash's arguments, the same classification, the same decision and result
 * records as {@link Shim}, for a command the policy allows by itself. Everything else (a person to
 * ask, a refusal, a usage error, any doubt) is a {@link Fallback}: the launcher then starts airlock-sh's
 * JVM as it always did, which decides afresh. So the resident path can only ever run what the JVM
 * path would have run without asking.
 */
public final class ResidentAdmission {
    private ResidentAdmission() {}

    /** Where the layers for a request come from: the resident server keeps them between requests. */
    public interface PolicyLayers {
        Layers load(AirlockPaths paths, String cwd) throws PolicyException;
    }

    /** The answer to one launcher. */
    public sealed interface Answer permits Run, Fallback {}

    /**
     * Run {@code realShell} with the launcher's own arguments, after unsetting {@code unset} and
     * exporting {@code set}; report the end to {@code completion}.
     */
    public record Run(String realShell, List<String> unset, Map<String, String> set, Completion completion,
            List<String> confinement, boolean askIfItFails) implements Answer {
        public Run {
            confinement = List.copyOf(confinement);
        }
    }

    /** Start airlock-sh's JVM instead; {@code reason} is for the resident server's own log and the tests. */
    public record Fallback(String reason) implements Answer {}

    /** Writes the result record of an admitted command and releases the audit log. */
    public static final class Completion implements AutoCloseable {
        private final CommandGate gate;
        private final CommandGate.Admission admission;
        private final AuditLog log;
        private final String cwd;
        private final String agent;

        private Completion(CommandGate gate, CommandGate.Admission admission, AuditLog log, String cwd, String agent) {
            this.gate = gate;
            this.admission = admission;
            this.log = log;
            this.cwd = cwd;
            this.agent = agent;
        }

        /** The seq of the decision record. */
        public long seq() {
            return admission.seq();
        }

        /** The launcher vanished while the command was running: the result says so, with no exit. */
        public void lost(String why) {
            try {
                gate.lost(admission, cwd, why, Map.of("agent", agent, "resident", true));
            } catch (AuditException e) {
                System.err.println("resident: result of seq " + admission.seq() + ": " + e.getMessage());
            }
        }

        public void finished(int status, long millis) throws AuditException {
            gate.finished(admission, cwd, status, millis, Map.of("agent", agent, "resident", true));
        }

        public void notRun(String why) {
            try {
                gate.finished(admission, cwd, Refusal.EXIT, 0, Map.of("agent", agent, "resident", true, "not_run", why));
            } catch (AuditException e) {
                // the JVM path that follows refuses the command and says so
            }
        }

        @Override
        public void close() {
            log.close();
        }
    }

    /** A name `unset` and `export` take: anything else in the environment sends the command to the JVM path. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * @param argv the launcher's arguments after its own path (what airlock-sh's main would receive)
     * @param env the environment the launcher started with
     * @param cwd the launcher's working directory
     * @param pid the launcher's pid, which the records name as airlock-sh's
     */
    public static Answer admit(List<String> argv, Map<String, String> env, String cwd, long pid, PolicyLayers policy,
            SandboxStatus sandboxStatus) {
        ShellArgs args;
        try {
            args = ShellArgs.parse(argv);
        } catch (ShellArgs.UsageError e) {
            return new Fallback("usage: " + e.getMessage());
        }
        if (!args.commandMode() || args.version() || args.help() || args.command().isBlank()) {
            return new Fallback("not a -c command");
        }
        if (!EnvSettings.problems(env).isEmpty()) {
            return new Fallback("malformed AIRLOCK_ setting"); // the JVM path refuses and says which
        }
        for (String name : List.of("SHELLOPTS", "BASHOPTS", "BASH_ENV", "ENV", "POSIXLY_CORRECT")) {
            if (!env.getOrDefault(name, "").isEmpty()) {
                return new Fallback("exported " + name); // it changes the launcher's own bash too
            }
        }
        // The server's working directory is not the command's: a relative path here would mean another file.
        for (String name : List.of("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "AIRLOCK_POLICY",
                "AIRLOCK_AUDIT", "AIRLOCK_SOCKET")) {
            String value = env.get(name);
            if (value != null && !value.isEmpty() && !value.startsWith("/")) {
                return new Fallback("relative " + name);
            }
        }
        for (String entry : env.getOrDefault("PATH", "").split(":", -1)) {
            if (!entry.isEmpty() && !entry.startsWith("/")) {
                return new Fallback("relative PATH entry");
            }
        }
        Path realShell = Path.of(env.getOrDefault("AIRLOCK_REAL_SHELL", "/bin/bash"));
        if (!RealShell.executable(realShell) || realShell.toString().contains("=")) {
            return new Fallback("real shell not executable (or named like an assignment, which env(1) would take as one)");
        }
        AirlockPaths paths = AirlockPaths.from(env);
        if (new OverrideNotice(paths, cwd).pending()) {
            return new Fallback("a project setting overrides the guarded shell: airlock-sh's JVM says so once");
        }
        Layers layers;
        try {
            layers = policy.load(paths, cwd);
        } catch (PolicyException e) {
            return new Fallback("policy: " + e.getMessage());
        }
        String session = CommandFacts.session(env, pid);
        EnvScrubber.Result childEnv = new EnvScrubber(layers.envScrub(), layers.envPassthrough())
                .apply(CommandFacts.withSession(env, session, pid), paths.shimDir());
        List<String> unset = new ArrayList<>();
        Map<String, String> set = new TreeMap<>();
        Optional<Fallback> unexpressible = environmentChange(env, childEnv.env(), unset, set);
        if (unexpressible.isPresent()) {
            return unexpressible.get();
        }

        CommandFacts facts = CommandFacts.of(args, pid, env, childEnv);
        facts.extra().put("resident", true);
        AuditLog log;
        try {
            log = AuditLog.open(AuditLog.defaultPath(env), AuditLog.Options.fromEnv(env));
        } catch (AuditException e) {
            return new Fallback("audit: " + e.getMessage());
        }
        try {
            Classifier classifier = new Classifier(layers, env, paths);
            // Never asks: an approver here would be the resident server's, not the agent's terminal's.
            Harness.Unwrapped unwrapped = facts.unwrapped();
            Sandbox sandbox = new Sandbox(sandboxStatus, env, paths, layers, unwrapped.execsAirlock(paths.install()));
            CommandGate gate = new CommandGate(classifier, log, ResidentAdmission::noApprover, session, pid, sandbox);
            Optional<CommandGate.Admission> admission = gate.admitIfAllowed(unwrapped.command(), cwd,
                    new CommandGate.Context(unwrapped.owned(), facts.chain(), facts.agent(), facts.extra(), null));
            if (admission.isEmpty()) {
                log.close();
                return new Fallback("not allowed by the policy alone");
            }
            Completion completion = new Completion(gate, admission.get(), log, cwd, facts.agent());
            List<String> confinement;
            Optional<String> trouble;
            try {
                confinement = sandbox.prefix(admission.get().placement(), cwd, unwrapped.sandboxFiles(),
                        unwrapped.sandboxDirs());
                trouble = confinement.isEmpty() ? Optional.empty() : HarnessFiles.prepare(unwrapped.sandboxFiles());
            } catch (java.io.IOException e) {
                confinement = List.of();
                trouble = Optional.of("cannot prepare the sandbox (" + e.getMessage() + ")");
            }
            if (trouble.isPresent()) {
                // The decision record says run: its result says why it did not, and the JVM path refuses it.
                completion.notRun(trouble.get());
                completion.close();
                return new Fallback(trouble.get());
            }
            boolean askIfItFails = !confinement.isEmpty() && admission.get().placement().confinedInsteadOfAsking();
            return new Run(realShell.toString(), List.copyOf(unset), Map.copyOf(set), completion, confinement,
                    askIfItFails);
        } catch (AuditException | RuntimeException e) {
            log.close();
            return new Fallback("admission: " + e.getMessage());
        }
    }

    private static Approver noApprover() {
        throw new IllegalStateException("the resident path never asks");
    }

    /** Fills {@code unset} and {@code set} with what turns {@code from} into {@code to}; a fallback when bash cannot say it. */
    private static Optional<Fallback> environmentChange(Map<String, String> from, Map<String, String> to,
            List<String> unset, Map<String, String> set) {
        for (String name : from.keySet()) {
            if (!to.containsKey(name)) {
                if (!NAME.matcher(name).matches()) {
                    return Optional.of(new Fallback("environment: cannot unset " + name));
                }
                unset.add(name);
            }
        }
        for (Map.Entry<String, String> e : to.entrySet()) {
            if (!e.getValue().equals(from.get(e.getKey()))) {
                if (!NAME.matcher(e.getKey()).matches()) {
                    return Optional.of(new Fallback("environment: cannot set " + e.getKey()));
                }
                set.put(e.getKey(), e.getValue());
            }
        }
        return Optional.empty();
    }
}
