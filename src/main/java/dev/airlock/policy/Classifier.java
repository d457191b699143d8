package dev.airlock.policy;

import dev.airlock.analysis.Analysis;
import dev.airlock.analysis.AnalysisContext;
import dev.airlock.analysis.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Text to verdict: parse, analyse, decide. One classifier, one answer, for every entry point. */
public final class Classifier {
    private final Evaluator evaluator;
    private final Map<String, String> env;
    private final List<String> protectedPaths;
    private final String home;
    /** Workspace roots already looked up: a batch asks for the same directories again and again. */
    private final Map<String, String> roots = new java.util.concurrent.ConcurrentHashMap<>();

    public Classifier(Layers layers, Map<String, String> env, AirlockPaths paths) {
        this.evaluator = new Evaluator(layers);
        this.env = Map.copyOf(env);
        this.protectedPaths = paths.protectedPaths();
        this.home = paths.home().toString();
    }

    public Layers layers() {
        return evaluator.layers();
    }

    public Result classify(String text, String cwd) {
        return classify(text, cwd, List.of());
    }

    /** Classifies an agent's start-up script, which may write the files in {@code harnessOwned}. */
    public Result classify(String text, String cwd, List<String> harnessOwned) {
        String root = cwd == null ? null : roots.computeIfAbsent(cwd, Classifier::workspaceRoot);
        AnalysisContext ctx = new AnalysisContext(cwd, root, home, env, protectedPaths,
                evaluator.layers().secretPaths(), harnessOwned);
        Analysis analysis = new Analyzer(ctx).analyze(text);
        return new Result(analysis, evaluator.evaluate(analysis));
    }

    /** The analysis and the verdict, kept together so explanations can show both. */
    public record Result(Analysis analysis, Verdict verdict) {}

    /** The nearest directory at or above {@code cwd} holding `.git`, else {@code cwd} itself. */
    static String workspaceRoot(String cwd) {
        if (cwd == null) {
            return null;
        }
        try {
            Path start = Path.of(cwd).toAbsolutePath().normalize();
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git"))) {
                    return p.toString();
                }
            }
            return start.toString();
        } catch (RuntimeException e) {
            return cwd;
        }
    }
}
