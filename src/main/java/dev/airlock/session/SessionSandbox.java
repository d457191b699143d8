package dev.airlock.session;

import dev.airlock.exec.ConfinedStep;
import dev.airlock.exec.ShellStateOnly;
import dev.airlock.policy.Classifier;
import dev.airlock.sandbox.Placement;
import dev.airlock.sandbox.Profile;
import dev.airlock.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a command of the session runs (docs/sandbox.md, "airlock session"): in the session's bash
 * itself, or confined on the terminal in a sandbox started from that bash's state. Gives the line
 * the bash is sent instead of the command.
 */
final class SessionSandbox {
    private final Sandbox sandbox;
    private final Classifier classifier;
    private final ConfinedStep step;
    private final Path shell;
    private final Path applyFifo;

    private SessionSandbox(Sandbox sandbox, Classifier classifier, ConfinedStep step, Path shell, Path applyFifo) {
        this.sandbox = sandbox;
        this.classifier = classifier;
        this.step = step;
        this.shell = shell;
        this.applyFifo = applyFifo;
    }

    /** Its files in {@code dir}, the session's private directory. */
    static SessionSandbox create(Sandbox sandbox, Classifier classifier, Path dir, Path shell)
            throws IOException, InterruptedException {
        Path fifo = dir.resolve("apply");
        if (new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
        return new SessionSandbox(sandbox, classifier, new ConfinedStep(Files.createDirectories(dir.resolve("step"))),
                shell, fifo);
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /**
     * The line to send for {@code text}, or empty when it runs as typed: unconfined, or changing only the
     * shell's state. {@code background}: it ends in `&`, runs as a job, and hands nothing back.
     */
    record Line(String text, boolean background) {}

    Optional<Line> line(String text, Placement placement, String cwd) throws IOException {
        if (ShellStateOnly.test(text) || placement.profile() == Profile.NONE) {
            return Optional.empty();
        }
        List<String> prefix = sandbox.prefixOnTerminal(placement, cwd);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        if (ShellStateOnly.endsInBackground(text)) {
            return Optional.of(new Line("{ " + step.shellTextInBackground(text, prefix, shell.toString()) + "\n} &", true));
        }
        return Optional.of(new Line(step.shellText(text, prefix, shell.toString()) + "\n__airlock_s=$?; . " + applyFifo
                + "; (exit $__airlock_s)", false));
    }

    /** Waits, beside the command, to hand back what it leaves (see {@link HandBack}). */
    HandBack handBack(String cwd) {
        return new HandBack(applyFifo, step, classifier, cwd);
    }
}
