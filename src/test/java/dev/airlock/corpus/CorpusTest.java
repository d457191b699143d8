package dev.airlock.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.analysis.AnalysisContext;
import dev.airlock.analysis.Analyzer;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Evaluator;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyChecker;
import dev.airlock.policy.PolicySource;
import dev.airlock.policy.Verdict;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelled corpora, decided by the default policy. Two properties: nothing labelled ask or deny
 * is ever allowed (a hard rule: the guard must not wave through what it should stop), and the
 * agreement with the labels stays at or above the recorded floor; the confusion matrix and every
 * disagreement print on failure.
 */
public class CorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Layers layers;

    public record Row(String command, Decision expect, String why, String cwd, int line) {}

    @BeforeAll
    static void load() throws Exception {
        layers = new Layers(List.of(PolicySource.builtin("default")));
    }

    public static List<Row> rows(String resource) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                CorpusTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("//")) {
                    continue;
                }
                JsonNode o = JSON.readTree(line);
                rows.add(new Row(o.get("command").asText(), Decision.parse(o.get("expect").asText()),
                        o.path("why").asText(""), o.hasNonNull("cwd") ? o.get("cwd").asText() : PolicyChecker.EXAMPLE_CWD, n));
            }
        }
        return rows;
    }

    static Decision classify(Row row) {
        AnalysisContext ctx = new AnalysisContext(row.cwd(), PolicyChecker.EXAMPLE_CWD, PolicyChecker.EXAMPLE_HOME,
                Map.of("HOME", PolicyChecker.EXAMPLE_HOME, "USER", "dev"),
                PolicyChecker.exampleProtectedPaths(),
                layers.secretPaths());
        Verdict v = new Evaluator(layers).evaluate(new Analyzer(ctx).analyze(row.command()));
        return v.decision();
    }

    @Test
    void commandsCorpusNeverAllowsWhatItShouldStopAndMostlyAgrees() throws Exception {
        check("/corpus/commands.jsonl", 600, 0.96);
    }

    @Test
    void bypassCorpusAllowsNothing() throws Exception {
        check("/corpus/bypass.jsonl", 700, 0.93);
    }

    private void check(String resource, int minRows, double floor) throws Exception {
        List<Row> rows = rows(resource);
        assertTrue(rows.size() >= minRows, resource + " has only " + rows.size() + " rows");
        int[][] matrix = new int[3][3];
        List<String> falseAllows = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (Row row : rows) {
            Decision got = classify(row);
            matrix[row.expect().ordinal()][got.ordinal()]++;
            if (got != row.expect()) {
                String msg = resource + ":" + row.line() + " expected " + row.expect().json() + " got " + got.json()
                        + ": " + row.command().replace("\n", "\\n") + "   # " + row.why();
                disagreements.add(msg);
                if (got == Decision.ALLOW) {
                    falseAllows.add(msg);
                }
            }
        }
        int agree = matrix[0][0] + matrix[1][1] + matrix[2][2];
        double rate = agree / (double) rows.size();
        String report = confusion(matrix, rows.size(), rate) + "\n" + String.join("\n", disagreements);
        System.out.println(report);
        assertTrue(falseAllows.isEmpty(), () -> falseAllows.size() + " commands allowed that must not be:\n"
                + String.join("\n", falseAllows) + "\n\n" + report);
        assertTrue(rate >= floor, () -> "agreement " + rate + " below the floor " + floor + "\n" + report);
    }

    static String confusion(int[][] m, int total, double rate) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("expected \\ got     allow     ask    deny%n"));
        String[] names = {"allow", "ask", "deny"};
        for (int e = 0; e < 3; e++) {
            sb.append(String.format("%-15s %7d %7d %7d%n", names[e], m[e][0], m[e][1], m[e][2]));
        }
        sb.append(String.format("agreement %.1f%% of %d%n", rate * 100, total));
        return sb.toString();
    }
}
