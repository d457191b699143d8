package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.corpus.CorpusTest;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicySource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agents' harness text is recognised by shape, and only by shape; the model's command decides. */
class HarnessTest {
    static List<AgentCases.Case> cases;
    static Classifier classifier;

    @BeforeAll
    static void load() throws Exception {
        cases = AgentCases.load(Path.of("/tmp/capture"), "/opt/airlock/bin/shim");
        Map<String, String> env = Map.of("HOME", "/home/dev", "USER", "dev");
        classifier = new Classifier(new Layers(List.of(PolicySource.builtin("default"))), env, AirlockPaths.from(env));
    }

    @Test
    void everyCapturedCommandUnwrapsToWhatTheModelAskedFor() {
        int checked = 0;
        for (AgentCases.Case c : cases) {
            if (!c.purpose().equals("command") && !c.purpose().equals("timeout")) {
                continue;
            }
            String text = c.argv().get(c.argv().size() - 1);
            if (!c.argv().contains("-c") || c.argv().size() < 3) {
                continue; // `curl ... | bash` makes the command itself start bash with no -c
            }
            Harness.Unwrapped u = Harness.recognise(text);
            if (c.agent().equals("opencode")) {
                assertFalse(u.recognised(), "opencode sends the command bare");
                assertEquals(c.requested(), text);
            } else {
                assertEquals(c.agent(), u.agent(), c.agent() + " " + c.caseName());
                assertEquals(c.requested(), u.command(), c.agent() + " " + c.caseName());
            }
            checked++;
        }
        assertTrue(checked >= 20, "checked " + checked);
    }

    @Test
    void startUpScriptsAreRecognisedAndAllowed() {
        int startups = 0;
        for (AgentCases.Case c : cases) {
            if (!c.purpose().equals("startup")) {
                continue;
            }
            String text = c.argv().get(c.argv().size() - 1);
            Harness.Unwrapped u = Harness.recognise(text);
            var verdict = classifier.classify(u.command(), "/work/project", u.owned()).verdict();
            assertEquals("allow", verdict.decision().json(), c.agent() + " start-up `" + text.substring(0, Math.min(60,
                    text.length())) + "`: " + verdict.reasons());
            startups++;
        }
        assertTrue(startups >= 4, "start-up calls checked: " + startups);
    }

    @Test
    void harnessAroundTheCorpusDecidesAsTheBareCommand() throws Exception {
        List<CorpusTest.Row> rows = CorpusTest.rows("/corpus/commands.jsonl");
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (AgentCases.Case c : cases) {
            if (!c.purpose().equals("command") || !c.caseName().equals("c1_ls") || c.agent().equals("opencode")
                    || !c.argv().contains("-c")) {
                continue;
            }
            for (int k = 0; k < rows.size(); k += 3) {
                String command = rows.get(k).command();
                String wrapped = AgentCases.rewrap(c, c.requested(), command);
                Harness.Unwrapped u = Harness.recognise(wrapped);
                Classifier.Result bareResult = classifier.classify(command, "/work/project");
                String bare = bareResult.verdict().decision().json();
                String through = classifier.classify(u.command(), "/work/project", u.owned()).verdict().decision().json();
                // Text that does not parse cannot be unwrapped; it is then classified whole, and refused.
                boolean mustRecognise = bareResult.analysis().error().isEmpty();
                if ((mustRecognise && !u.recognised()) || !bare.equals(through)) {
                    mismatches.add(c.agent() + ": `" + command + "` bare " + bare + ", wrapped " + through
                            + (u.recognised() ? "" : " (harness not recognised)"));
                }
                checked++;
            }
        }
        assertTrue(checked > 300, "checked " + checked);
        assertEquals(List.of(), mismatches);
    }

    @Test
    void claudeCodesFormWithoutASnapshotIsRecognised() {
        // When its snapshot is missing, Claude Code builds the same wrapper without `source SNAP ... &&`.
        int checked = 0;
        for (AgentCases.Case c : cases) {
            if (!c.agent().equals("claude-code") || !c.purpose().equals("command") || !c.argv().contains("-c")) {
                continue; // `curl ... | bash` makes the command itself start bash with no -c
            }
            String text = c.argv().get(c.argv().size() - 1);
            String bare = text.replaceFirst("^source \\S+ 2>/dev/null \\|\\| true && ", "");
            assertFalse(bare.equals(text), c.caseName());
            Harness.Unwrapped u = Harness.recognise(bare);
            assertEquals("claude-code", u.agent(), c.caseName());
            assertEquals(c.requested(), u.command(), c.caseName());
            assertFalse(Harness.recognise(bare.replace("|| true", "|| touch y")).recognised(), bare);
            assertFalse(Harness.recognise("touch x && " + bare).recognised());
            checked++;
        }
        assertTrue(checked >= 5, "checked " + checked);
    }

    @Test
    void harnessWithAnythingAddedIsClassifiedWhole() {
        AgentCases.Case claude = cases.stream().filter(c -> c.agent().equals("claude-code")
                && c.caseName().equals("c1_ls") && c.purpose().equals("command")).findFirst().orElseThrow();
        String text = claude.argv().get(2) + "; rm -rf ~";
        Harness.Unwrapped u = Harness.recognise(text);
        assertFalse(u.recognised());
        assertEquals("deny", classifier.classify(u.command(), "/work/project").verdict().decision().json());
        String snapshotWrite = AgentCases.rewrap(claude, claude.requested(),
                "echo 'rm -rf ~' >> /tmp/capture/home/claude/.claude/shell-snapshots/snapshot-bash-1-abc123.sh");
        Harness.Unwrapped w = Harness.recognise(snapshotWrite);
        assertTrue(w.recognised());
        assertEquals("ask", classifier.classify(w.command(), "/work/project", w.owned()).verdict().decision().json(),
                "a model command writing the agent's snapshot is not harness");
    }
}
