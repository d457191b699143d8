package dev.airlock.session;

import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.exec.CommandGate;
import dev.airlock.exec.EnvScrubber;
import dev.airlock.exec.ProcessInfo;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import dev.airlock.sandbox.Bubblewrap;
import dev.airlock.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * What a session needs before it starts, each refused with an `airlock:` line and nothing run: a
 * terminal, the shell, the policy, the audit log; then the session's id, the shell's environment
 * and the sandbox.
 */
final class SessionStart {
    private SessionStart() {}

    /** Runs a session of {@code shell} in {@code cwd}; returns the status to exit with (the shell's, or 126 when it cannot start). */
    static int start(Map<String, String> env, PrintStream err, String cwd, Path shell) {
        AirlockPaths paths = AirlockPaths.from(env);
        if (System.console() == null) {
            err.println("airlock: a session needs a terminal; without one, pipe commands to `airlock-sh -s`");
            return 126;
        }
        if (!shell.isAbsolute() || !Files.isExecutable(shell) || Files.isDirectory(shell)) {
            err.println("airlock: the shell " + shell + " is missing or not executable; nothing was run.");
            return 126;
        }
        Layers layers;
        try {
            layers = PolicySource.layers(paths, cwd);
        } catch (PolicyException e) {
            err.println("airlock: policy: " + e.getMessage());
            err.println("airlock: nothing was run.");
            return 126;
        }
        AuditLog log;
        try {
            log = AuditLog.open(AuditLog.defaultPath(env));
        } catch (AuditException e) {
            err.println("airlock: cannot write the audit log: " + e.getMessage());
            err.println("airlock: nothing was run.");
            return 126;
        }
        long pid = ProcessHandle.current().pid();
        String session = CommandGate.sessionId(env, () -> "s" + pid + "-" + ProcessInfo.startTime(pid).orElse(0L));
        if ("tty".equals(env.get("AIRLOCK_APPROVAL"))) {
            // Whoever types here may be the agent: it must not answer its own requests.
            err.println("airlock: in a session, approvals come from `airlock console`; AIRLOCK_APPROVAL=tty is ignored");
        }
        Map<String, String> consoleEnv = new HashMap<>(env);
        consoleEnv.remove("AIRLOCK_APPROVAL");
        List<String> chain = ProcessInfo.chain(pid, 6);
        Map<String, Object> extra = new HashMap<>();
        extra.put("mode", "session");
        extra.put("agent", ProcessInfo.agent(env, chain));
        Map<String, String> shellEnv = shellEnvironment(env, layers, session);
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).dumb(true).build();
        } catch (IOException e) {
            err.println("airlock: cannot open the terminal: " + e.getMessage());
            log.close();
            return 126;
        }
        try (log; terminal) {
            Sandbox sandbox = new Sandbox(Bubblewrap.detect(env), env, paths, layers);
            Session s = new Session(terminal, new Classifier(layers, env, paths), log,
                    Approver.from(consoleEnv, Approver.Place.SESSION), session, extra, cwd, sandbox,
                    () -> Approver.someoneToAsk(consoleEnv));
            return s.run(shell, shellEnv, paths, chain, err, env.get("TERM"));
        } catch (IOException e) {
            err.println("airlock: " + e.getMessage());
            return 126;
        }
    }

    /** The shell's environment: secrets scrubbed as for every command, the session id, and $SHELL pointing back at airlock. */
    private static Map<String, String> shellEnvironment(Map<String, String> env, Layers layers, String session) {
        Map<String, String> withSession = new HashMap<>(env);
        withSession.put("AIRLOCK_SESSION", session);
        Path shimDir = AirlockPaths.from(env).shimDir();
        if (shimDir != null && Files.isExecutable(shimDir.resolve("bash"))) {
            // Programs that run commands for the typist (less `!`, vim `:!`, more) start $SHELL -c: airlock again.
            withSession.put("SHELL", shimDir.resolve("bash").toString());
        }
        return new EnvScrubber(layers.envScrub(), layers.envPassthrough()).apply(withSession, shimDir).env();
    }

}
