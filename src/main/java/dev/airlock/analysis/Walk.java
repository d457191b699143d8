package dev.airlock.analysis;

import dev.airlock.shell.Script;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One walk over one text: the parts of the analysis and what they share. The parts call each other as the
 * shell would (a command substitution inside a word runs a list; `bash -c` parses and walks its string), so
 * each holds this walk rather than the others one by one.
 */
final class Walk {
    final AnalysisContext ctx;
    /** The directory's classifier, with this text's glob options once a `shopt -s` sets them. */
    PathClassifier paths;
    /** The files an agent's start-up script owns (its shell snapshot), as patterns; empty for other texts. */
    final List<Pattern> harnessOwned;

    final InvocationGraph graph = new InvocationGraph();
    final FunctionIndex functions = new FunctionIndex();
    final ControlFlow flow = new ControlFlow(this);
    final Commands commands = new Commands(this);
    final Builtins builtins = new Builtins(this);
    final Unwrapper unwrapper = new Unwrapper(this);
    final FindAndXargs findAndXargs = new FindAndXargs(this);
    final Redirections redirections = new Redirections(this);
    final Substitutions substitutions = new Substitutions(this);
    final WordExpansion words = new WordExpansion(this);

    Walk(AnalysisContext ctx, PathClassifier paths, List<Pattern> harnessOwned) {
        this.ctx = ctx;
        this.paths = paths;
        this.harnessOwned = harnessOwned;
    }

    /** Walks a whole text from the starting directory and returns what it found. */
    Analysis run(String text, Script script) {
        functions.collectFunctions(script.stmts());
        flow.list(script.stmts(), new ShellState(PathText.normalize(ctx.cwd())), Scope.top());
        return graph.analysis(text);
    }

    boolean harnessOwns(String value, String cwd) {
        if (harnessOwned.isEmpty() || value == null) {
            return false;
        }
        String abs = paths.absolute(value, cwd);
        return abs != null && harnessOwned.stream().anyMatch(p -> p.matcher(abs).matches());
    }
}
