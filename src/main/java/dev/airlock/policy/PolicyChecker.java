package dev.airlock.policy;

import dev.airlock.analysis.Analysis;
import dev.airlock.analysis.AnalysisContext;
import dev.airlock.analysis.Analyzer;
import dev.airlock.analysis.Invocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a policy's embedded examples: each rule's `match` examples must match it and its `no_match`
 * examples must not; each test must get its stated decision from the whole policy. Examples run in
 * a fixed place (workspace `/work/project`, home `/home/dev`) so they mean the same on every machine.
 */
public final class PolicyChecker {
    public static final String EXAMPLE_CWD = "/work/project";
    public static final String EXAMPLE_HOME = "/home/dev";

    private final Layers layers;
    private final AnalysisContext context;

    public PolicyChecker(Layers layers) {
        this.layers = layers;
        this.context = new AnalysisContext(EXAMPLE_CWD, EXAMPLE_CWD, EXAMPLE_HOME, PolicySource.exampleEnv(),
                exampleProtectedPaths(), layers.secretPaths());
    }

    /** Airlock's own paths in the fixed place examples run in (home /home/dev, no overrides, no install). */
    public static List<String> exampleProtectedPaths() {
        Path home = Path.of(EXAMPLE_HOME);
        Path state = home.resolve(".local/state/airlock");
        return new AirlockPaths(home, home.resolve(".config/airlock/policy.json"), state, state.resolve("audit.jsonl"),
                state.resolve("console.sock"), null).protectedPaths();
    }

    /** One failed example, with where the rule or test was defined. */
    public record Failure(String origin, String message) {
        @Override
        public String toString() {
            return origin + ": " + message;
        }
    }

    public record Report(int examples, List<Failure> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Checks the examples and tests of every policy in the layers, or only those of {@code only} when not null. */
    public Report check(Policy only) {
        List<Failure> failures = new ArrayList<>();
        int count = 0;
        Evaluator evaluator = new Evaluator(layers);
        for (Policy p : layers.policies()) {
            if (only != null && p != only) {
                continue;
            }
            for (Rule r : p.rules()) {
                for (String ex : r.examplesMatch()) {
                    count++;
                    if (!matchesAny(r, ex)) {
                        failures.add(new Failure(r.origin(), "rule '" + r.id() + "' should match `" + ex + "` but does not"));
                    }
                }
                for (String ex : r.examplesNoMatch()) {
                    count++;
                    if (matchesAny(r, ex)) {
                        failures.add(new Failure(r.origin(), "rule '" + r.id() + "' should not match `" + ex + "` but does"));
                    }
                }
            }
            for (PolicyTest t : p.tests()) {
                count++;
                Verdict v = evaluator.evaluate(analyze(t.command()));
                if (v.decision() != t.decision()) {
                    failures.add(new Failure(t.origin(), "`" + t.command() + "` should be " + t.decision().json()
                            + " but is " + v.decision().json() + " (" + String.join("; ", v.reasons()) + ")"));
                }
            }
        }
        return new Report(count, failures);
    }

    private boolean matchesAny(Rule r, String example) {
        Analysis a = analyze(example);
        if (a.error().isPresent()) {
            return false;
        }
        MatchContext ctx = new MatchContext(a, layers);
        for (Invocation inv : a.invocations()) {
            if (r.match().matches(inv, ctx)) {
                return true;
            }
        }
        return false;
    }

    public Analysis analyze(String command) {
        return new Analyzer(context).analyze(command);
    }
}
