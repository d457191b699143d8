package dev.airlock.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The visitors reach every kind of node, and a partial visitor sends every kind it does not handle to otherwise. */
class VisitorTest {
    /** One text that holds every kind of command and of word part. */
    private static final String ALL = "a=(x) b ${c[1]:-$'d'} \"e$((1))\" 'f' $(g) <(h); i | j && k; ( l ); { m; }; "
            + "if n; then o; fi; while p; do q; done; for r in s; do t; done; for ((u=0; u<1; u++)); do v; done; "
            + "case w in x) y ;; esac; z() { :; }; [[ -f aa ]]; (( bb )); coproc cc";

    private static final Set<String> COMMANDS = Set.of("Simple", "Pipeline", "AndOr", "Subshell", "Block", "If",
            "While", "For", "ArithFor", "Case", "Function", "Test", "Arith", "Coproc");
    private static final Set<String> PARTS = Set.of("Lit", "SingleQuoted", "DoubleQuoted", "AnsiC", "Param",
            "CommandSubst", "ArithExpansion", "ProcessSubst", "ArrayLit");

    @Test
    void theSampleHoldsEveryKindOfNode() throws ParseError {
        Set<String> seen = new TreeSet<>();
        for (Stmt s : Parser.parse(ALL).stmts()) {
            collect(s, seen);
        }
        Set<String> all = new TreeSet<>(COMMANDS);
        all.addAll(PARTS);
        assertEquals(all, seen);
        assertEquals(COMMANDS.size(), Command.class.getPermittedSubclasses().length);
        assertEquals(PARTS.size(), WordPart.class.getPermittedSubclasses().length);
    }

    @Test
    void aPartialVisitorAnswersOtherwiseForEveryKindItDoesNotHandle() throws ParseError {
        Command.Visitor<String> onlyPipelines = new Command.Partial<>() {
            @Override
            protected String otherwise(Command c) {
                return "unknown";
            }

            @Override
            public String visitPipeline(Command.Pipeline p) {
                return "pipeline";
            }
        };
        List<String> answers = Parser.parse("a | b; c; ( d ); e && f").stmts().stream()
                .map(s -> s.command().accept(onlyPipelines)).toList();
        assertEquals(List.of("pipeline", "unknown", "unknown", "unknown"), answers);
        WordPart.Visitor<Boolean> onlyLiterals = new WordPart.Partial<>() {
            @Override
            protected Boolean otherwise(WordPart p) {
                return false;
            }

            @Override
            public Boolean visitLit(WordPart.Lit p) {
                return true;
            }
        };
        Command.Simple simple = (Command.Simple) Parser.parse("x $y").stmts().get(0).command();
        assertEquals(List.of(true, false), simple.words().stream().map(w -> w.parts().get(0).accept(onlyLiterals)).toList());
    }

    /** Records the kind of every node below {@code s}, by the visitor method that saw it. */
    private static void collect(Stmt s, Set<String> seen) {
        s.redirects().forEach(r -> word(r.target(), seen));
        s.command().accept(new Command.Visitor<Void>() {
            private Void stmts(String kind, List<Stmt> list) {
                seen.add(kind);
                list.forEach(x -> collect(x, seen));
                return null;
            }

            private Void words(String kind, List<Word> list) {
                seen.add(kind);
                list.forEach(w -> word(w, seen));
                return null;
            }

            @Override
            public Void visitSimple(Command.Simple c) {
                c.assigns().forEach(a -> word(a.value(), seen));
                return words("Simple", c.words());
            }

            @Override
            public Void visitPipeline(Command.Pipeline c) {
                return stmts("Pipeline", c.stages());
            }

            @Override
            public Void visitAndOr(Command.AndOr c) {
                return stmts("AndOr", c.parts());
            }

            @Override
            public Void visitSubshell(Command.Subshell c) {
                return stmts("Subshell", c.body());
            }

            @Override
            public Void visitBlock(Command.Block c) {
                return stmts("Block", c.body());
            }

            @Override
            public Void visitIf(Command.If c) {
                return stmts("If", c.elseBody());
            }

            @Override
            public Void visitWhile(Command.While c) {
                return stmts("While", c.body());
            }

            @Override
            public Void visitFor(Command.For c) {
                return stmts("For", c.body());
            }

            @Override
            public Void visitArithFor(Command.ArithFor c) {
                return stmts("ArithFor", c.body());
            }

            @Override
            public Void visitCase(Command.Case c) {
                return stmts("Case", List.of());
            }

            @Override
            public Void visitFunction(Command.Function c) {
                return stmts("Function", List.of(c.body()));
            }

            @Override
            public Void visitTest(Command.Test c) {
                return words("Test", c.words());
            }

            @Override
            public Void visitArith(Command.Arith c) {
                return words("Arith", List.of(c.expression()));
            }

            @Override
            public Void visitCoproc(Command.Coproc c) {
                return stmts("Coproc", List.of(c.body()));
            }
        });
    }

    private static void word(Word w, Set<String> seen) {
        if (w == null) {
            return;
        }
        for (WordPart p : w.parts()) {
            p.accept(new WordPart.Visitor<Void>() {
                @Override
                public Void visitLit(WordPart.Lit p) {
                    seen.add("Lit");
                    return null;
                }

                @Override
                public Void visitSingleQuoted(WordPart.SingleQuoted p) {
                    seen.add("SingleQuoted");
                    return null;
                }

                @Override
                public Void visitDoubleQuoted(WordPart.DoubleQuoted p) {
                    seen.add("DoubleQuoted");
                    p.parts().forEach(q -> word(new Word(q.pos(), List.of(q)), seen));
                    return null;
                }

                @Override
                public Void visitAnsiC(WordPart.AnsiC p) {
                    seen.add("AnsiC");
                    return null;
                }

                @Override
                public Void visitParam(WordPart.Param p) {
                    seen.add("Param");
                    word(p.index(), seen);
                    word(p.arg(), seen);
                    return null;
                }

                @Override
                public Void visitCommandSubst(WordPart.CommandSubst p) {
                    seen.add("CommandSubst");
                    p.stmts().forEach(s -> collect(s, seen));
                    return null;
                }

                @Override
                public Void visitArithExpansion(WordPart.ArithExpansion p) {
                    seen.add("ArithExpansion");
                    return null;
                }

                @Override
                public Void visitProcessSubst(WordPart.ProcessSubst p) {
                    seen.add("ProcessSubst");
                    p.stmts().forEach(s -> collect(s, seen));
                    return null;
                }

                @Override
                public Void visitArrayLit(WordPart.ArrayLit p) {
                    seen.add("ArrayLit");
                    p.elements().forEach(e -> word(e, seen));
                    return null;
                }
            });
        }
    }
}
