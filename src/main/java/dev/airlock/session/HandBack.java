package dev.airlock.session;

import dev.airlock.exec.ConfinedStep;
import dev.airlock.policy.Classifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Hands the session's bash what a confined command handed back, at the moment the bash reads the
 * fifo: the command has ended then, and the bash runs the result before its prompt, in the same
 * command line, so the prompt and `$?` are what they would be unconfined. If the line was cut short
 * (Ctrl-C) the bash never reads; {@link #end} releases the writer.
 */
final class HandBack {
    private final Path fifo;
    private final Thread writer;
    private volatile Optional<String> note = Optional.empty();

    /** Starts waiting for the bash to read; {@code judgedIn}: the directory the variables are judged in. */
    HandBack(Path fifo, ConfinedStep step, Classifier classifier, String judgedIn) {
        this.fifo = fifo;
        writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                Optional<ConfinedStep.Return> r = step.back(classifier, judgedIn);
                // No hand-back: it never reached the end of its text (`exit`, `exec`), which ends this shell too.
                String apply = r.isEmpty() ? "(( __airlock_s >= 128 )) || builtin exit \"$__airlock_s\"\n"
                        : "{ " + r.get().apply() + "} 2>/dev/null\n";
                out.write(apply.getBytes(StandardCharsets.UTF_8));
                note = r.flatMap(ConfinedStep.Return::note);
            } catch (IOException e) {
                // released by end(): the shell never read
            }
        }, "session-handback");
        writer.setDaemon(true);
        writer.start();
    }

    /** After the command line ended: the `airlock:` line naming variables left behind, if any. */
    Optional<String> end() {
        if (writer.isAlive()) {
            try (InputStream release = Files.newInputStream(fifo)) {
                // opened and closed: the writer's open returns, and its write fails
            } catch (IOException ignored) {
                // gone with the session
            }
        }
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return note;
    }
}
