package dev.airlock.shell;

import java.util.List;

/**
 * A compact, position-free rendering of a tree, for tests and `airlock check --tree`:
 * `(cmd ls -l)`, `(pipe (cmd a) | (cmd b))`, words with several parts joined by `+`.
 */
public final class Dump {
    private Dump() {}

    public static String script(Script s) {
        return stmts(s.stmts());
    }

    public static String stmts(List<Stmt> stmts) {
        StringBuilder sb = new StringBuilder();
        for (Stmt s : stmts) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(stmt(s));
        }
        return sb.toString();
    }

    static String stmt(Stmt s) {
        StringBuilder sb = new StringBuilder();
        if (s.negated()) {
            sb.append("! ");
        }
        sb.append(command(s.command()));
        for (Redirect r : s.redirects()) {
            sb.append(' ').append(redirect(r));
        }
        if (s.background()) {
            sb.append(" &");
        }
        return sb.toString();
    }

    private static String command(Command c) {
        return c.accept(COMMAND);
    }

    private static final Command.Visitor<String> COMMAND = new Command.Visitor<>() {
        @Override
        public String visitSimple(Command.Simple s) {
            StringBuilder sb = new StringBuilder("(cmd");
            for (Assign a : s.assigns()) {
                sb.append(' ').append(a.name());
                if (a.index() != null) {
                    sb.append('[').append(word(a.index())).append(']');
                }
                sb.append(a.append() ? "+=" : "=").append(word(a.value()));
            }
            for (Word w : s.words()) {
                sb.append(' ').append(word(w));
            }
            return sb.append(')').toString();
        }

        @Override
        public String visitPipeline(Command.Pipeline p) {
            StringBuilder sb = new StringBuilder("(pipe ");
            for (int k = 0; k < p.stages().size(); k++) {
                if (k > 0) {
                    sb.append(p.stderrToo().get(k - 1) ? " |& " : " | ");
                }
                sb.append(stmt(p.stages().get(k)));
            }
            return sb.append(')').toString();
        }

        @Override
        public String visitAndOr(Command.AndOr a) {
            StringBuilder sb = new StringBuilder("(andor ");
            for (int k = 0; k < a.parts().size(); k++) {
                if (k > 0) {
                    sb.append(' ').append(a.ops().get(k - 1)).append(' ');
                }
                sb.append(stmt(a.parts().get(k)));
            }
            return sb.append(')').toString();
        }

        @Override
        public String visitSubshell(Command.Subshell s) {
            return "(sub " + stmts(s.body()) + ")";
        }

        @Override
        public String visitBlock(Command.Block b) {
            return "(block " + stmts(b.body()) + ")";
        }

        @Override
        public String visitIf(Command.If f) {
            StringBuilder sb = new StringBuilder("(if ");
            String sep = "";
            for (Command.Branch br : f.branches()) {
                sb.append(sep).append(stmts(br.condition())).append(" then ").append(stmts(br.body()));
                sep = " elif ";
            }
            if (!f.elseBody().isEmpty()) {
                sb.append(" else ").append(stmts(f.elseBody()));
            }
            return sb.append(')').toString();
        }

        @Override
        public String visitWhile(Command.While w) {
            return "(" + (w.until() ? "until " : "while ") + stmts(w.condition()) + " do "
                    + stmts(w.body()) + ")";
        }

        @Override
        public String visitFor(Command.For f) {
            StringBuilder sb = new StringBuilder("(for ").append(f.variable());
            if (f.items() != null) {
                sb.append(" in");
                for (Word w : f.items()) {
                    sb.append(' ').append(word(w));
                }
            }
            return sb.append(" do ").append(stmts(f.body())).append(')').toString();
        }

        @Override
        public String visitArithFor(Command.ArithFor f) {
            return "(for ((" + word(f.init()) + "; " + word(f.condition()) + "; "
                    + word(f.post()) + ")) do " + stmts(f.body()) + ")";
        }

        @Override
        public String visitCase(Command.Case cs) {
            StringBuilder sb = new StringBuilder("(case ").append(word(cs.subject())).append(" in");
            for (Command.CaseItem item : cs.items()) {
                sb.append(" (");
                for (int k = 0; k < item.patterns().size(); k++) {
                    sb.append(k > 0 ? "|" : "").append(word(item.patterns().get(k)));
                }
                sb.append(") ").append(stmts(item.body())).append(' ').append(item.terminator());
            }
            return sb.append(')').toString();
        }

        @Override
        public String visitFunction(Command.Function f) {
            return "(func " + f.name() + " " + stmt(f.body()) + ")";
        }

        @Override
        public String visitTest(Command.Test t) {
            StringBuilder sb = new StringBuilder("(test");
            for (Word w : t.words()) {
                sb.append(' ').append(word(w));
            }
            return sb.append(')').toString();
        }

        @Override
        public String visitArith(Command.Arith a) {
            return "(arith " + word(a.expression()) + ")";
        }

        @Override
        public String visitCoproc(Command.Coproc co) {
            return "(coproc " + (co.name() == null ? "" : co.name() + " ") + stmt(co.body()) + ")";
        }
    };

    private static String redirect(Redirect r) {
        String s = (r.fd() == null ? "" : r.fd()) + r.op().text() + word(r.target());
        if (r.hereDoc() != null) {
            s += "{" + word(r.hereDoc().body()) + "}";
        }
        return s;
    }

    public static String word(Word w) {
        if (w.parts().isEmpty()) {
            return "''";
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < w.parts().size(); k++) {
            if (k > 0) {
                sb.append('+');
            }
            sb.append(part(w.parts().get(k)));
        }
        return sb.toString();
    }

    private static String part(WordPart p) {
        return p.accept(PART);
    }

    private static final WordPart.Visitor<String> PART = new WordPart.Visitor<>() {
        @Override
        public String visitLit(WordPart.Lit l) {
            return escape(l.raw());
        }

        @Override
        public String visitSingleQuoted(WordPart.SingleQuoted s) {
            return "'" + escape(s.value()) + "'";
        }

        @Override
        public String visitDoubleQuoted(WordPart.DoubleQuoted d) {
            StringBuilder sb = new StringBuilder("\"");
            for (int k = 0; k < d.parts().size(); k++) {
                if (k > 0) {
                    sb.append('+');
                }
                sb.append(part(d.parts().get(k)));
            }
            return sb.append('"').toString();
        }

        @Override
        public String visitAnsiC(WordPart.AnsiC a) {
            return "$'" + escape(a.raw()) + "'";
        }

        @Override
        public String visitParam(WordPart.Param x) {
            return x.braced()
                    ? "${" + x.prefix() + x.name() + (x.index() == null ? "" : "[" + word(x.index()) + "]") + x.op()
                            + (x.arg() == null ? "" : word(x.arg())) + "}"
                    : "$" + x.name();
        }

        @Override
        public String visitCommandSubst(WordPart.CommandSubst c) {
            return (c.backquoted() ? "`" : "$(") + stmts(c.stmts()) + (c.backquoted() ? "`" : ")");
        }

        @Override
        public String visitArithExpansion(WordPart.ArithExpansion a) {
            return "$((" + word(a.expression()) + "))";
        }

        @Override
        public String visitProcessSubst(WordPart.ProcessSubst s) {
            return (s.output() ? ">(" : "<(") + stmts(s.stmts()) + ")";
        }

        @Override
        public String visitArrayLit(WordPart.ArrayLit a) {
            StringBuilder sb = new StringBuilder("(");
            for (int k = 0; k < a.elements().size(); k++) {
                sb.append(k > 0 ? " " : "").append(word(a.elements().get(k)));
            }
            return sb.append(')').toString();
        }
    };

    private static String escape(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}
