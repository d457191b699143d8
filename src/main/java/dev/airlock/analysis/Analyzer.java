package dev.airlock.analysis;

import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Script;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds every simple command that a text would run (in lists, pipelines, loops, functions,
 * substitutions, here-documents and the strings given to `bash -c`, `eval`, `find -exec`, `xargs`
 * and other wrappers), with its static argv, redirections and the directory it runs in.
 *
 * <p>The work is split as mvdan/sh splits its interpreter: {@link ShellState} and {@link Scope} (what the
 * shell knows and where a command came from), {@link FunctionIndex} (the pre-pass), {@link ControlFlow},
 * {@link Commands} (one simple command), {@link Builtins} (their effects), {@link Unwrapper} (wrappers and
 * shell strings), {@link WordExpansion} and {@link Substitutions} (words), {@link Redirections}, and
 * {@link InvocationGraph} (what was found). {@link Walk} holds one analysis' parts together.
 */
public final class Analyzer {
    /** `bash -c "eval 'sh -c ...'"` deeper than this is refused rather than followed. */
    public static final int MAX_REPARSE_DEPTH = 8;
    /** The name of an unset that removes every variable (`env -i`); it matches every `assigns_any` pattern. */
    public static final String UNSET_ALL = "*";

    private final AnalysisContext ctx;
    private final PathClassifier paths;
    private final List<Pattern> harnessOwned;

    public Analyzer(AnalysisContext ctx) {
        this.ctx = ctx;
        this.paths = new PathClassifier(ctx);
        this.harnessOwned = ctx.harnessOwned().stream().map(Glob::toRegex).toList();
    }

    public Analysis analyze(String text) {
        Script script;
        try {
            script = Parser.parse(text);
        } catch (ParseError e) {
            return Analysis.failed(text, e);
        }
        return new Walk(ctx, paths, harnessOwned).run(text, script);
    }
}
