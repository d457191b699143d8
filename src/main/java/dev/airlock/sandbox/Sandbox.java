package dev.airlock.sandbox;

import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Layers;
import dev.airlock.policy.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sandbox for one guarded process: whether it can be had, where each classified command runs,
 * and the bwrap words that put it there. The entry point of this package.
 */
public final class Sandbox {
    private final SandboxStatus status;
    private final Map<String, String> env;
    private final AirlockPaths paths;
    private final List<String> secretGlobs;
    private final boolean requireSandbox;
    private final boolean nested;
    private boolean unasked = true;

    public Sandbox(SandboxStatus status, Map<String, String> env, AirlockPaths paths, Layers layers) {
        this(status, env, paths, layers, false);
    }

    /**
     * {@code nested}: the command text only starts airlock-sh again for the real command (Codex's
     * harness), which decides and confines that command itself; this one runs unconfined, decided as
     * if confined, and its records say `nested`.
     */
    public Sandbox(SandboxStatus status, Map<String, String> env, AirlockPaths paths, Layers layers, boolean nested) {
        this(status, env, paths, layers.secretPaths(), layers.requireSandbox(), nested);
    }

    private Sandbox(SandboxStatus status, Map<String, String> env, AirlockPaths paths, List<String> secretGlobs,
            boolean requireSandbox, boolean nested) {
        this.nested = nested;
        this.status = status;
        this.env = Map.copyOf(env);
        this.paths = paths;
        this.secretGlobs = secretGlobs;
        this.requireSandbox = requireSandbox;
    }

    /**
     * The same sandbox, where nothing runs without a question that would ask without one: for a
     * command that failed read-only, whose person is now asked (docs/sandbox.md).
     */
    public Sandbox asking() {
        Sandbox s = new Sandbox(status, env, paths, secretGlobs, requireSandbox, nested);
        s.unasked = false;
        return s;
    }

    /** True when a person may choose where an approved command runs: a sandbox here, and this process runs it. */
    public boolean offersProfiles() {
        return status.available() && !nested;
    }

    public SandboxStatus status() {
        return status;
    }

    /** Decides where {@code verdict}'s command runs in {@code cwd}; finds the secrets to hide only when it matters. */
    public Placement place(Verdict verdict, String cwd) {
        boolean hidden = unasked && status.available() && secrets(cwd).complete();
        Placement p = Placement.of(verdict, status, requireSandbox, hidden);
        return nested && status.available() ? p.nested() : p;
    }

    /**
     * The words before the real shell's argv that confine it as {@code placement} says; empty when it
     * runs unconfined.
     */
    public List<String> prefix(Placement placement, String cwd, List<String> harnessFiles, List<String> harnessDirs)
            throws java.io.IOException {
        return prefix(placement, cwd, harnessFiles, harnessDirs, false);
    }

    /** As {@link #prefix(Placement, String, List, List)}, for a command that keeps its terminal (`airlock session`). */
    public List<String> prefixOnTerminal(Placement placement, String cwd) throws java.io.IOException {
        return prefix(placement, cwd, List.of(), List.of(), true);
    }

    private List<String> prefix(Placement placement, String cwd, List<String> harnessFiles, List<String> harnessDirs,
            boolean onTerminal) throws java.io.IOException {
        if (!(status instanceof SandboxStatus.Available a) || placement.profile() == Profile.NONE || nested) {
            return List.of();
        }
        return new Confinement(placement.profile(), a.bwrap(), cwd, env, paths, secrets(cwd), harnessFiles, harnessDirs,
                onTerminal).prefix();
    }

    private SecretMasks secretsCache;
    private String secretsCwd;

    private SecretMasks secrets(String cwd) {
        if (secretsCache == null || !String.valueOf(cwd).equals(secretsCwd)) {
            secretsCache = SecretMasks.find(secretGlobs, paths.home(), Confinement.workspace(cwd));
            secretsCwd = String.valueOf(cwd);
        }
        return secretsCache;
    }
}
