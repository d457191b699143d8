package dev.airlock.policy;

import dev.airlock.analysis.Analysis;
import dev.airlock.analysis.AnalysisContext;
import dev.airlock.analysis.Analyzer;
import dev.airlock.analysis.DiskView;
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

    private final DiskView disk;

    public Classifier(Layers layers, Map<String, String> env, AirlockPaths paths) {
        this(layers, env, paths, DiskView.LIVE);
    }

    /** {@code disk}: how paths are followed to where they lead; {@link DiskView#LIVE} for anything that runs commands. */
    public Classifier(Layers layers, Map<String, String> env, AirlockPaths paths, DiskView disk) {
        this.disk = disk;
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
        Analyzer analyzer = harnessOwned.isEmpty() && cwd != null
                ? analyzers.computeIfAbsent(cwd, dir -> analyzer(dir, List.of()))
                : analyzer(cwd, harnessOwned);
        if (analyzers.size() > MAX_CACHED_DIRECTORIES) {
            analyzers.clear();
            roots.clear();
        }
        Analysis analysis = analyzer.analyze(text);
        return new Result(analysis, evaluator.evaluate(analysis));
    }

    /** A batch of commands from many directories must not grow the caches without end. */
    private static final int MAX_CACHED_DIRECTORIES = 4096;

    /** Analyzers are immutable; building one normalises the protected paths, so each directory gets one. */
    private final Map<String, Analyzer> analyzers = new java.util.concurrent.ConcurrentHashMap<>();

    private Analyzer analyzer(String cwd, List<String> harnessOwned) {
        String root = cwd == null ? null : roots.computeIfAbsent(cwd, Classifier::workspaceRoot);
        return new Analyzer(new AnalysisContext(cwd, root, home, env, protectedPaths,
                evaluator.layers().secretPaths(), harnessOwned, disk));
    }

    /** The analysis and the verdict, kept together so explanations can show both. */
    public record Result(Analysis analysis, Verdict verdict) {}

    /** The nearest directory at or above {@code cwd} holding `.git`, else {@code cwd} itself. */
    public static String workspaceRoot(String cwd) {
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
