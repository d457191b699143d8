package dev.airlock.analysis;

import dev.airlock.shell.Command;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A walk in a fixed place (workspace /work/project, home /home/dev), and short ways to look at what it found. */
final class WalkFixture {
    static final String CWD = "/work/project";

    private WalkFixture() {}

    static AnalysisContext context() {
        return new AnalysisContext(CWD, CWD, "/home/dev", Map.of("HOME", "/home/dev", "USER", "dev"), List.of(),
                List.of());
    }

    static Walk walk() {
        AnalysisContext ctx = context();
        return new Walk(ctx, new PathClassifier(ctx), List.of());
    }

    static ShellState shell() {
        return new ShellState(CWD);
    }

    static List<Stmt> stmts(String text) {
        try {
            return Parser.parse(text).stmts();
        } catch (ParseError e) {
            throw new AssertionError(e);
        }
    }

    /** The one word of {@code text}, parsed as an argument of a command. */
    static Word word(String text) {
        return ((Command.Simple) stmts(": " + text).get(0).command()).words().get(1);
    }

    /** Walks {@code text} in {@code walk} with {@code sh}, as the top of a text. */
    static void run(Walk walk, String text, ShellState sh) {
        List<Stmt> stmts = stmts(text);
        walk.functions.collectFunctions(stmts);
        walk.flow.list(stmts, sh, Scope.top());
    }

    /** Walks {@code text} from the starting directory and says what the walk found. */
    static String found(Walk walk, String text) {
        run(walk, text, shell());
        return found(walk);
    }

    /** What the walk found, one `kind display` a line, in order. */
    static String found(Walk walk) {
        Analysis a = walk.graph.analysis("");
        return a.invocations().stream().map(i -> i.kind().name().toLowerCase() + " " + i.display())
                .collect(Collectors.joining("\n"));
    }
}
