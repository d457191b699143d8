package dev.airlock.cli;

import dev.airlock.session.Session;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `airlock session`: the guarded interactive shell over a pseudo-terminal (docs/session.md). */
@Command(name = "session", mixinStandardHelpOptions = true, description = {
        "A guarded interactive shell: every command typed is checked before the real shell sees it.",
        "Approvals come from `airlock console`; while a command runs, keys go straight to it.",
        "Exit status: the shell's; 126 when the session cannot start."})
final class SessionCommand implements Callable<Integer> {
    @Option(names = "--shell", paramLabel = "PATH",
            description = "The real shell: bash 4.4 or newer (default: $AIRLOCK_REAL_SHELL, else /bin/bash).")
    Path shell;

    @Override
    public Integer call() {
        try {
            dev.airlock.approval.GuardedTree.markSelf(); // what the session runs never passes for the person's approver
        } catch (IllegalStateException e) {
            System.err.println("airlock: " + e.getMessage() + "; the session was not started");
            return ExitCodes.REFUSED;
        }
        var env = System.getenv();
        Path real = shell != null ? shell.toAbsolutePath() : Path.of(env.getOrDefault("AIRLOCK_REAL_SHELL", "/bin/bash"));
        return Session.start(env, System.err, System.getProperty("user.dir"), real);
    }
}
