package dev.airlock.integrations;

import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.Verifier;
import dev.airlock.audit.VerifyReport;
import dev.airlock.approval.Protocol;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Layers;
import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyChecker;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `airlock doctor`: checks what airlock needs to guard an agent, in the order a command needs it
 * (Java, the installation, the policy, the audit log, the console, each agent's setup), and says
 * what to do about each problem. It only reads: nothing is created or changed.
 */
public final class Doctor {
    /** {@code FAIL}: airlock cannot guard as set up; {@code WARN}: works, but not as the person likely wants. */
    public enum Level { OK, NOTE, WARN, FAIL }

    public record Finding(Level level, String text) {}

    private final Map<String, String> env;
    private final String cwd;
    private final Optional<Install> install;

    public Doctor(Map<String, String> env, String cwd, Optional<Install> install) {
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.install = install;
    }

    public List<Finding> check() {
        List<Finding> out = new ArrayList<>();
        out.add(java());
        for (String p : dev.airlock.exec.EnvSettings.problems(env)) {
            out.add(new Finding(Level.FAIL, "setting: " + p + " (airlock-sh refuses every command until then)"));
        }
        out.add(installation());
        AirlockPaths paths = AirlockPaths.from(env);
        out.add(policy(paths));
        out.add(auditLog(paths));
        out.add(console(paths));
        out.add(sandbox());
        install.ifPresent(i -> out.add(resident(i)));
        out.addAll(agents());
        out.addAll(projectSettings(paths));
        return out;
    }

    /**
     * Whether allowed and unknown commands run confined. No sandbox is a warning, not a failure:
     * airlock still guards by classification alone, as before confinement (docs/sandbox.md).
     */
    Finding sandbox() {
        dev.airlock.sandbox.SandboxStatus s = dev.airlock.sandbox.Bubblewrap.detect(env);
        if (s instanceof dev.airlock.sandbox.SandboxStatus.Available a) {
            return new Finding(Level.OK, "sandbox: " + a.bwrap() + " works here; allowed commands run read-only, without"
                    + " network, and unknown programs and code run so without a question");
        }
        if (s instanceof dev.airlock.sandbox.SandboxStatus.Off) {
            return new Finding(Level.WARN, "sandbox: off (AIRLOCK_SANDBOX=off): commands are only classified, and"
                    + " unknown programs and code ask a person; unset AIRLOCK_SANDBOX to confine them");
        }
        return new Finding(Level.WARN, "sandbox: unavailable: " + ((dev.airlock.sandbox.SandboxStatus.Unavailable) s).why()
                + ". Until then commands are only classified, and unknown programs and code ask a person");
    }

    /** Settings in the current project that send an agent's commands past airlock. */
    List<Finding> projectSettings(AirlockPaths paths) {
        if (cwd == null) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (ProjectOverrides.Override o : ProjectOverrides.find(Path.of(cwd), paths.install())) {
            out.add(new Finding(Level.WARN, "project settings: " + o.text()));
        }
        if (out.isEmpty()) {
            out.add(new Finding(Level.OK, "project settings: none in " + cwd + " override the guarded shell"));
        }
        return out;
    }

    /** Prints the findings and returns the exit status: 1 when anything failed. */
    public int print(PrintWriter out) {
        List<Finding> findings = check();
        int failed = 0;
        for (Finding f : findings) {
            out.printf("%-5s %s%n", f.level().name().toLowerCase(java.util.Locale.ROOT).replace("fail", "FAIL"), f.text());
            failed += f.level() == Level.FAIL ? 1 : 0;
        }
        out.println(failed == 0 ? "No problems found." : failed + " problem" + (failed == 1 ? "" : "s")
                + " found: fix the FAIL lines above, then run airlock doctor again.");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static Finding java() {
        Runtime.Version v = Runtime.version();
        String where = System.getProperty("java.home");
        if (v.feature() < 17) {
            return new Finding(Level.FAIL, "Java " + v + " (" + where + "): airlock needs Java 17 or later; install it, or set JAVA_HOME or AIRLOCK_JAVA");
        }
        return new Finding(Level.OK, "Java " + v + " (" + where + ")");
    }

    private Finding installation() {
        if (install.isEmpty()) {
            return new Finding(Level.FAIL, "installation: unknown; run airlock through bin/airlock");
        }
        Optional<String> problem = install.get().problem();
        return problem.map(p -> new Finding(Level.FAIL, "installation: " + p))
                .orElseGet(() -> new Finding(Level.OK, "installation " + install.get().home() + ": jar, bin/airlock, shim bash, zsh, sh"));
    }

    private Finding policy(AirlockPaths paths) {
        Layers layers;
        try {
            layers = PolicySource.layersWithExamples(paths, cwd); // with them, or there is nothing to check
        } catch (PolicyException e) {
            return new Finding(Level.FAIL, "policy: " + e.getMessage() + "; every command is refused until it loads"
                    + " (airlock policy lint FILE shows the same error)");
        }
        PolicyChecker.Report report = new PolicyChecker(layers).check(null);
        List<String> names = new ArrayList<>();
        for (Policy p : layers.policies()) {
            names.add(p.layer() + " " + p.source());
        }
        if (!report.passed()) {
            return new Finding(Level.FAIL, "policy: " + report.failures().size() + " of " + report.examples()
                    + " examples fail (first: " + report.failures().get(0) + "); run airlock policy test");
        }
        return new Finding(Level.OK, "policy: " + String.join(", ", names) + "; " + report.examples() + " examples pass");
    }

    private Finding auditLog(AirlockPaths paths) {
        Path log = AuditLog.defaultPath(env);
        if (!Files.exists(log)) {
            Path dir = log.toAbsolutePath().getParent();
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                return new Finding(Level.FAIL, "audit log " + log + ": cannot be created (" + existing
                        + " is not a writable directory); fix the permissions or set AIRLOCK_AUDIT");
            }
            return new Finding(Level.OK, "audit log " + log + ": none yet; it will be created on the first command");
        }
        if (!Files.isWritable(log) || !Files.isWritable(log.toAbsolutePath().getParent())) {
            return new Finding(Level.FAIL, "audit log " + log + ": not writable; every command is refused until it is");
        }
        try {
            VerifyReport report = Verifier.verify(log);
            if (report.problem() == null && !report.intact()) {
                return new Finding(Level.WARN, "audit log " + log + ": chain intact, but it records " + report.losses().size()
                        + " loss(es), the first: " + report.firstTrouble().describe() + " (airlock audit verify lists them)");
            }
            if (!report.intact()) {
                return new Finding(Level.FAIL, "audit log " + log + ": the chain is broken: " + report.problem().describe()
                        + "; keep the file for review (airlock audit verify), and move it aside to start a new chain");
            }
            return new Finding(Level.OK, "audit log " + log + ": " + report.records() + " records, chain intact");
        } catch (AuditException e) {
            return new Finding(Level.FAIL, "audit log " + log + ": " + e.getMessage());
        }
    }

    private Finding console(AirlockPaths paths) {
        Path socket = paths.socket();
        if (Protocol.listening(socket)) {
            return new Finding(Level.OK, "console: listening on " + socket);
        }
        String approval = "tty".equals(env.get("AIRLOCK_APPROVAL")) ? " (AIRLOCK_APPROVAL=tty: airlock asks on the terminal instead)" : "";
        return new Finding(Level.NOTE, "console: none on " + socket + "; commands that need approval are refused until you"
                + " start `airlock console` in a terminal of your own" + approval);
    }

    private Finding resident(Install i) {
        if ("0".equals(env.get("AIRLOCK_RESIDENT"))) {
            return new Finding(Level.NOTE, "resident server: off (AIRLOCK_RESIDENT=0): every command starts a JVM");
        }
        dev.airlock.resident.ResidentStatus status = dev.airlock.resident.ResidentStatus.of(i.home());
        if (status instanceof dev.airlock.resident.ResidentStatus.Running r) {
            return new Finding(Level.OK, "resident server: pid " + r.pid() + " on 127.0.0.1:" + r.port()
                    + "; allowed commands start no JVM");
        }
        if (status instanceof dev.airlock.resident.ResidentStatus.Disabled d) {
            return new Finding(Level.WARN, "resident server: off for this build: " + d.why()
                    + "; every command starts a JVM (slower, as safe)");
        }
        return new Finding(Level.NOTE, "resident server: not running; the next airlock-sh starts one");
    }

    private List<Finding> agents() {
        List<Finding> out = new ArrayList<>();
        if (install.isEmpty()) {
            return out;
        }
        for (Status.Row r : new Status(install.get(), env, null).rows()) {
            String name = r.agent().id() + r.version().map(v -> " " + v).orElse("");
            if (r.state() == Status.State.BROKEN) {
                out.add(new Finding(Level.FAIL, name + ": " + r.how()));
            } else if (r.state() == Status.State.GUARDED) {
                out.add(new Finding(Level.OK, name + ": guarded: " + r.how()));
            } else if (r.program().isPresent()) {
                out.add(new Finding(Level.WARN, name + ": not guarded: " + r.how()));
            } else {
                out.add(new Finding(Level.NOTE, r.agent().id() + ": not installed"));
            }
        }
        return out;
    }
}
