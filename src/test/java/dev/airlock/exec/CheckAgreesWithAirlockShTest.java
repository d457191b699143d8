package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `airlock check` reads agents' harness text as airlock-sh does: for every captured command of
 * cases.json, the decision airlock-sh logs when the agent's exact argv reaches it is the decision
 * `check` gives for the same text, found on its own, in a batch, and with `--agent`.
 */
class CheckAgreesWithAirlockShTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path AIRLOCK = Run.ROOT.resolve("bin/airlock");

    @TempDir
    Path tmp;

    @Test
    void checkGivesTheDecisionAirlockShLogsForEveryCapturedAgentCommand() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = Run.env(home);
        env.put("AIRLOCK_SOCKET", tmp.resolve("no-console.sock").toString()); // an ask is refused at once
        Files.createDirectories(tmp.resolve("scratch"));
        // text -> (agent, airlock-sh's decision); the same text from two variants counts once
        Map<String, String[]> shim = new LinkedHashMap<>();
        for (AgentCases.Case c : AgentCases.load(tmp, Run.SHIM.getParent().toString())) {
            if (!c.purpose().equals("command") || c.argv().size() != 3 || !c.argv().get(1).equals("-c")) {
                continue;
            }
            String text = c.argv().get(2);
            if (shim.containsKey(text)) {
                continue;
            }
            int before = Files.exists(Run.auditLog(home)) ? Run.auditRecords(home).size() : 0;
            Run.run(List.of(Run.SHIM.toString(), "-c", text), env, tmp);
            JsonNode decision = Run.auditRecords(home).stream().skip(before)
                    .filter(r -> r.path("event").asText().equals("decision")).findFirst().orElseThrow();
            shim.put(text, new String[] {c.agent(), decision.path("decision").asText(), c.caseName()});
        }
        assertTrue(shim.size() >= 15, "cases: " + shim.size());
        assertTrue(shim.values().stream().map(v -> v[1]).distinct().count() == 3, "allow, ask and deny all occur");

        // One text per agent through `check --json`, every text through `check --batch`.
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : shim.entrySet()) {
            String agent = e.getValue()[0];
            if (seen.putIfAbsent(agent, e.getKey()) == null) {
                Run.Result r = Run.run(List.of(AIRLOCK.toString(), "check", "--json", "--cwd", tmp.toString(), e.getKey()), env, tmp);
                JsonNode o = JSON.readTree(r.out());
                assertEquals(e.getValue()[1], o.path("decision").asText(), agent + " " + e.getValue()[2] + ": " + r.out());
                assertEquals(agent.equals("opencode") ? "" : agent, o.path("harness").asText(), r.out());
            }
        }
        assertDecisions(shim, List.copyOf(shim.keySet()), batch(env, null, shim.keySet()), "check --batch");
        for (String agent : seen.keySet()) {
            String name = agent.equals("gemini-cli") ? "gemini" : agent;
            List<String> texts = shim.entrySet().stream().filter(e -> e.getValue()[0].equals(agent)).map(Map.Entry::getKey).toList();
            assertDecisions(shim, texts, batch(env, name, texts), "check --batch --agent " + name);
        }
    }

    private List<JsonNode> batch(Map<String, String> env, String agent, java.util.Collection<String> texts) throws Exception {
        StringBuilder in = new StringBuilder();
        for (String t : texts) {
            in.append(JSON.createObjectNode().put("command", t).put("cwd", tmp.toString())).append('\n');
        }
        List<String> argv = new ArrayList<>(List.of(AIRLOCK.toString(), "check", "--batch"));
        if (agent != null) {
            argv.addAll(List.of("--agent", agent));
        }
        Run.Result r = Run.run(argv, env, tmp, in.toString().getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static void assertDecisions(Map<String, String[]> shim, List<String> texts, List<JsonNode> out, String how) {
        assertEquals(texts.size(), out.size(), how);
        for (int k = 0; k < texts.size(); k++) {
            String[] s = shim.get(texts.get(k));
            assertEquals(s[1], out.get(k).path("decision").asText(), how + ", " + s[0] + " " + s[2] + ": " + out.get(k));
        }
    }
}
