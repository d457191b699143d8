package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell invocation captured from Claude Code, Codex, Gemini CLI and opencode, replayed
 * through the shim exactly as the agent made it: start-up calls and allowed commands behave as
 * under bare bash; the others are refused as the bare command would be.
 */
class AgentReplayTest {
    @TempDir
    Path root;

    @Test
    void replaysEveryCapturedInvocation() throws Exception {
        // `ls -la` shows `..`: keep it a directory nothing else writes to while the test runs.
        Path capture = Files.createDirectories(root.resolve("capture"));
        Path home = Files.createDirectories(capture.resolve("home"));
        Files.createDirectories(capture.resolve("home/claude/.claude/shell-snapshots"));
        Files.createDirectories(capture.resolve("scratch"));
        Files.writeString(capture.resolve("scratch/file.txt"), "x");
        Map<String, String> env = Run.env(home);
        String shimDir = Run.SHIM.getParent().toString();
        Classifier classifier = new Classifier(new Layers(List.of(PolicySource.builtin("default"))), env,
                AirlockPaths.from(env));
        List<String> problems = new ArrayList<>();
        int replayed = 0;
        for (AgentCases.Case c : AgentCases.load(capture, shimDir)) {
            if (c.purpose().equals("timeout") || !c.argv().contains("-c") && !c.argv().contains("-lc")) {
                continue; // timeouts are the signal tests; a bare `bash` is the command's own child
            }
            List<String> bareArgv = new ArrayList<>();
            for (String a : c.argv()) {
                // the shim's bash, zsh and sh all run the real shell, /bin/bash
                bareArgv.add(a.replaceAll(java.util.regex.Pattern.quote(shimDir) + "/(bash|zsh|sh)", "/bin/bash"));
            }
            Run.Result through = Run.run(c.argv(), env, capture);
            String label = c.agent() + " " + c.purpose() + " " + c.caseName() + " " + c.argv().get(1);
            boolean expectRun = c.purpose().equals("startup") || (c.requested() != null
                    && classifier.classify(c.requested(), capture.toString()).verdict().decision().json().equals("allow"));
            if (expectRun) {
                Run.Result bare = Run.run(bareArgv, env, capture);
                boolean printsEnv = c.argv().get(c.argv().size() - 1).equals("env");
                // airlock-sh adds AIRLOCK_SESSION (nested commands share the session) and AIRLOCK_GUARDED (the
                // tree an approver must not come from) to the environment on purpose.
                if (bare.exit() != through.exit()
                        || (!printsEnv && !withoutSession(bare.out()).equals(withoutSession(through.out())))) {
                    problems.add(label + ": bare " + bare + " but through airlock " + through);
                }
            } else if (through.exit() != 126 || !through.err().startsWith("airlock: refused: " + c.requested().split("\n")[0])) {
                problems.add(label + ": expected a refusal, got " + through);
            }
            replayed++;
        }
        assertTrue(replayed >= 20, "replayed " + replayed);
        assertEquals(List.of(), problems);
    }

    private static String withoutSession(String out) {
        return out.lines().filter(l -> !l.contains("AIRLOCK_SESSION") && !l.contains("AIRLOCK_GUARDED"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
