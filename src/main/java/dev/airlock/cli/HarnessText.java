package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.exec.Harness;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Verdict;
import java.util.List;

/**
 * How `check` reads the text an agent wraps around the model's command: as airlock-sh does
 * ({@link Harness}), so that `check` and the shim give one decision for one text. Found on its own,
 * or only the harness of the agent named with `--agent`.
 */
final class HarnessText {
    static final List<String> AGENTS = List.of("claude-code", "codex", "gemini", "opencode");

    /**
     * What is judged: the command inside a harness ({@code harness} names it), or the whole text ({@code
     * harness} null); {@code execsShell}: the harness starts this installation's airlock-sh again for it (Codex's).
     */
    record Judged(String text, String command, String harness, List<String> owned, boolean execsShell) {
        Verdict classify(Classifier classifier, String cwd) {
            return classifier.classify(command, cwd, owned).verdict();
        }

        /** `check --json`'s object, with `harness` and `unwrapped` when the command came out of a harness. */
        ObjectNode json(Verdict v) {
            ObjectNode o = Check.toJson(text, v);
            if (harness != null) {
                o.put("harness", harness);
                o.put("unwrapped", command);
            }
            return o;
        }

        /** The line `check` prints above the explanation, or "" for text judged whole. */
        String note() {
            return harness == null ? "" : "harness: " + harness + "; judging the command inside, as airlock-sh does\n";
        }
    }

    private HarnessText() {}

    /** {@code agent}: null to recognise any agent's harness, else one of {@link #AGENTS}. */
    static Judged of(String text, String agent) {
        Harness.Unwrapped u = Harness.recognise(text);
        // Harness names Gemini CLI's wrapping `gemini-cli`; opencode wraps nothing.
        if (!u.recognised() || (agent != null && !u.agent().startsWith(agent))) {
            return new Judged(text, text, null, List.of(), false);
        }
        return new Judged(text, u.command(), u.agent() + (u.startup() ? " start-up" : ""), u.owned(),
                u.execsAirlock(dev.airlock.policy.AirlockPaths.from(System.getenv()).install()));
    }
}
