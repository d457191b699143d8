package dev.airlock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyChecker;
import dev.airlock.policy.PolicySource;
import dev.airlock.policy.Verdict;
import dev.airlock.sandbox.Placement;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many commands of the corpora that asked a person now run without a question in a read-only
 * sandbox, and by which rules: the figure for docs/performance.md and docs/sandbox.md. Reports,
 * never asserts; lists every such row so a person can judge that each is harmless read-only.
 * {@code java -cp target/airlock.jar:target/test-classes dev.airlock.bench.ConfinementReport [policy]}
 */
public final class ConfinementReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String policy = args.length > 0 ? args[0] : "default";
        Map<String, String> env = Map.of("HOME", PolicyChecker.EXAMPLE_HOME, "USER", "dev");
        Layers layers = new Layers(List.of(PolicySource.builtin(policy)));
        AirlockPaths paths = AirlockPaths.from(env);
        Classifier classifier = new Classifier(layers, env, paths);
        Sandbox sandbox = new Sandbox(new SandboxStatus.Available(Path.of("/usr/bin/bwrap")), env, paths, layers);
        for (String corpus : List.of("/corpus/commands.jsonl", "/corpus/bypass.jsonl")) {
            int rows = 0;
            int asked = 0;
            int unasked = 0;
            Map<String, Integer> byRule = new TreeMap<>();
            StringBuilder listed = new StringBuilder();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    ConfinementReport.class.getResourceAsStream(corpus), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("//")) {
                        continue;
                    }
                    JsonNode row = JSON.readTree(line);
                    String cwd = row.path("cwd").asText("/work/project");
                    Verdict v = classifier.classify(row.get("command").asText(), cwd).verdict();
                    rows++;
                    if (v.decision() != Decision.ASK) {
                        continue;
                    }
                    asked++;
                    Placement p = sandbox.place(v, cwd);
                    if (p.confinedInsteadOfAsking()) {
                        unasked++;
                        v.rules().forEach(r -> byRule.merge(r, 1, Integer::sum));
                        listed.append("    ").append(row.get("command").asText().replace("\n", "\\n")).append('\n');
                    }
                }
            }
            System.out.printf("%s (%s policy): %d rows, %d ask without a sandbox, %d of them run read-only without a"
                    + " question (%.0f%%)%n", corpus, policy, rows, asked, unasked, asked == 0 ? 0.0 : 100.0 * unasked / asked);
            byRule.forEach((rule, n) -> System.out.printf("  %-22s %d%n", rule, n));
            System.out.print(listed);
            String key = corpus.contains("bypass") ? "bypass" : "typical";
            System.out.println("result confined." + key + "_asked " + asked);
            System.out.println("result confined." + key + "_unasked " + unasked);
        }
    }
}
