package dev.airlock.shell;

import java.util.ArrayList;
import java.util.List;

/** Prints a tree back as shell text that parses to the same tree (positions aside). */
public final class Printer {
    private final StringBuilder out = new StringBuilder();
    private final List<HereDoc> pendingBodies = new ArrayList<>();

    private Printer() {}

    public static String script(Script script) {
        Printer p = new Printer();
        p.list(script.stmts());
        p.flushHereDocs();
        return p.out.toString();
    }

    public static String word(Word word) {
        Printer p = new Printer();
        p.printWord(word);
        return p.out.toString();
    }

    private void list(List<Stmt> stmts) {
        for (int k = 0; k < stmts.size(); k++) {
            if (k > 0) {
                newline();
            }
            stmt(stmts.get(k));
        }
    }

    private void newline() {
        out.append('\n');
        flushHereDocs();
    }

    private void flushHereDocs() {
        if (pendingBodies.isEmpty()) {
            return;
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        List<HereDoc> docs = List.copyOf(pendingBodies);
        pendingBodies.clear();
        for (HereDoc doc : docs) {
            for (WordPart part : doc.body().parts()) {
                if (part instanceof WordPart.SingleQuoted sq) {
                    out.append(sq.value());
                } else if (part instanceof WordPart.DoubleQuoted dq) {
                    dq.parts().forEach(this::part);
                } else {
                    part(part);
                }
            }
            out.append(doc.delimiter()).append('\n');
        }
    }

    /** Words that are reserved when they come first; a command named like one was written after a redirection. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("!", "if", "then", "elif", "else", "fi",
            "while", "until", "do", "done", "for", "select", "in", "case", "esac", "function", "{", "}", "[[", "coproc");

    private void stmt(Stmt stmt) {
        if (stmt.negated()) {
            out.append("! ");
        }
        if (stmt.command() instanceof Command.Simple s && s.assigns().isEmpty() && !s.words().isEmpty()
                && s.words().get(0).plainText().filter(RESERVED::contains).isPresent() && !stmt.redirects().isEmpty()) {
            // `>f !` runs a command named `!`; printed as `! >f` it would negate instead, so redirections go first
            for (Redirect r : stmt.redirects()) {
                redirect(r);
                out.append(' ');
            }
            command(s);
            if (stmt.background()) {
                out.append(" &");
            }
            return;
        }
        command(stmt.command());
        for (Redirect r : stmt.redirects()) {
            out.append(' ');
            redirect(r);
        }
        if (stmt.background()) {
            out.append(" &");
        }
    }

    private void command(Command command) {
        command.accept(commands);
    }

    private final Command.Visitor<Void> commands = new Command.Visitor<>() {
        @Override
        public Void visitSimple(Command.Simple s) {
            String sep = "";
            for (Assign a : s.assigns()) {
                out.append(sep);
                assign(a);
                sep = " ";
            }
            for (Word w : s.words()) {
                out.append(sep);
                printWord(w);
                sep = " ";
            }
            return null;
        }

        @Override
        public Void visitPipeline(Command.Pipeline p) {
            for (int k = 0; k < p.stages().size(); k++) {
                if (k > 0) {
                    out.append(p.stderrToo().get(k - 1) ? " |& " : " | ");
                }
                stmt(p.stages().get(k));
            }
            return null;
        }

        @Override
        public Void visitAndOr(Command.AndOr a) {
            for (int k = 0; k < a.parts().size(); k++) {
                if (k > 0) {
                    out.append(' ').append(a.ops().get(k - 1)).append(' ');
                }
                stmt(a.parts().get(k));
            }
            return null;
        }

        @Override
        public Void visitSubshell(Command.Subshell s) {
            out.append("( ");
            block(s.body());
            out.append(" )");
            return null;
        }

        @Override
        public Void visitBlock(Command.Block b) {
            out.append("{ ");
            block(b.body());
            out.append("}");
            return null;
        }

        @Override
        public Void visitIf(Command.If f) {
            String keyword = "if";
            for (Command.Branch branch : f.branches()) {
                out.append(keyword).append(' ');
                block(branch.condition());
                out.append("then ");
                block(branch.body());
                keyword = "elif";
            }
            if (!f.elseBody().isEmpty()) {
                out.append("else ");
                block(f.elseBody());
            }
            out.append("fi");
            return null;
        }

        @Override
        public Void visitWhile(Command.While w) {
            out.append(w.until() ? "until " : "while ");
            block(w.condition());
            out.append("do ");
            block(w.body());
            out.append("done");
            return null;
        }

        @Override
        public Void visitFor(Command.For f) {
            out.append("for ").append(f.variable());
            if (f.items() != null) {
                out.append(" in");
                for (Word w : f.items()) {
                    out.append(' ');
                    printWord(w);
                }
            }
            out.append(";");
            newline();
            out.append("do ");
            block(f.body());
            out.append("done");
            return null;
        }

        @Override
        public Void visitArithFor(Command.ArithFor f) {
            out.append("for ((");
            printWord(f.init());
            out.append("; ");
            printWord(f.condition());
            out.append("; ");
            printWord(f.post());
            out.append("))");
            newline();
            out.append("do ");
            block(f.body());
            out.append("done");
            return null;
        }

        @Override
        public Void visitCase(Command.Case c) {
            out.append("case ");
            printWord(c.subject());
            out.append(" in");
            for (Command.CaseItem item : c.items()) {
                newline();
                for (int k = 0; k < item.patterns().size(); k++) {
                    if (k > 0) {
                        out.append(" | ");
                    }
                    printWord(item.patterns().get(k));
                }
                out.append(")");
                newline();
                list(item.body());
                newline();
                out.append(item.terminator());
            }
            newline();
            out.append("esac");
            return null;
        }

        @Override
        public Void visitFunction(Command.Function f) {
            out.append(f.name()).append("() ");
            stmt(f.body());
            return null;
        }

        @Override
        public Void visitTest(Command.Test t) {
            out.append("[[");
            for (Word w : t.words()) {
                out.append(' ');
                printWord(w);
            }
            out.append(" ]]");
            return null;
        }

        @Override
        public Void visitArith(Command.Arith a) {
            out.append("((");
            printWord(a.expression());
            out.append("))");
            return null;
        }

        @Override
        public Void visitCoproc(Command.Coproc c) {
            out.append("coproc ");
            if (c.name() != null) {
                out.append(c.name()).append(' ');
            }
            stmt(c.body());
            return null;
        }
    };

    /** A statement list inside a compound command: each statement ends with a newline. */
    private void block(List<Stmt> stmts) {
        newline();
        for (Stmt s : stmts) {
            stmt(s);
            newline();
        }
    }

    private void assign(Assign a) {
        out.append(a.name());
        if (a.index() != null) {
            out.append('[');
            printWord(a.index());
            out.append(']');
        }
        out.append(a.append() ? "+=" : "=");
        printWord(a.value());
    }

    private void redirect(Redirect r) {
        if (r.fd() != null) {
            out.append(r.fd());
        }
        out.append(r.op().text());
        if (!r.target().parts().isEmpty() && r.target().parts().get(0) instanceof WordPart.ProcessSubst) {
            out.append(' '); // `< <(cmd)`: without the blank it would read as a here-document `<<(`
        }
        printWord(r.target());
        if (r.hereDoc() != null) {
            pendingBodies.add(r.hereDoc());
        }
    }

    private void printWord(Word w) {
        w.parts().forEach(this::part);
    }

    private void part(WordPart part) {
        part.accept(parts);
    }

    private final WordPart.Visitor<Void> parts = new WordPart.Visitor<>() {
        @Override
        public Void visitLit(WordPart.Lit l) {
            out.append(l.raw());
            return null;
        }

        @Override
        public Void visitSingleQuoted(WordPart.SingleQuoted s) {
            out.append('\'').append(s.value()).append('\'');
            return null;
        }

        @Override
        public Void visitDoubleQuoted(WordPart.DoubleQuoted d) {
            out.append('"');
            d.parts().forEach(Printer.this::part);
            out.append('"');
            return null;
        }

        @Override
        public Void visitAnsiC(WordPart.AnsiC a) {
            out.append("$'").append(a.raw()).append('\'');
            return null;
        }

        @Override
        public Void visitParam(WordPart.Param p) {
            if (!p.braced()) {
                out.append('$').append(p.name());
                return null;
            }
            out.append("${").append(p.prefix()).append(p.name());
            if (p.index() != null) {
                out.append('[');
                printWord(p.index());
                out.append(']');
            }
            out.append(p.op());
            if (p.arg() != null) {
                printWord(p.arg());
            }
            out.append('}');
            return null;
        }

        @Override
        public Void visitCommandSubst(WordPart.CommandSubst c) {
            if (c.backquoted()) {
                String inner = Printer.script(new Script(c.stmts()));
                out.append('`').append(inner.replace("\\", "\\\\").replace("`", "\\`")).append('`');
            } else {
                out.append("$(");
                block(c.stmts());
                out.append(')');
            }
            return null;
        }

        @Override
        public Void visitArithExpansion(WordPart.ArithExpansion a) {
            out.append("$((");
            printWord(a.expression());
            out.append("))");
            return null;
        }

        @Override
        public Void visitProcessSubst(WordPart.ProcessSubst p) {
            out.append(p.output() ? ">(" : "<(");
            block(p.stmts());
            out.append(')');
            return null;
        }

        @Override
        public Void visitArrayLit(WordPart.ArrayLit a) {
            out.append('(');
            for (int k = 0; k < a.elements().size(); k++) {
                if (k > 0) {
                    out.append(' ');
                }
                printWord(a.elements().get(k));
            }
            out.append(')');
            return null;
        }
    };
}
