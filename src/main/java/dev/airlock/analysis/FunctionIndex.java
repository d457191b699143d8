package dev.airlock.analysis;

import dev.airlock.shell.Command;
import dev.airlock.shell.Redirect;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import dev.airlock.shell.WordPart;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-pass over a whole text: which functions it defines and which it calls, anywhere (substitutions
 * included), so a body can be walked at each call with its arguments. The same pass notes whether fd 1 or 2
 * is ever opened on a file for reading, which makes `/dev/stdout` a file ({@link Redirections}).
 */
final class FunctionIndex {
    /** Every function defined anywhere in the text, by name. */
    private final Set<String> names = new HashSet<>();
    private final Map<String, Command.Function> definitions = new HashMap<>();
    /** Functions called from outside their own bodies. */
    private final Set<String> called = new HashSet<>();
    /** The functions whose bodies {@link #collect} is inside. */
    private final Set<String> collecting = new HashSet<>();
    /** Somewhere in the text fd 1 or 2 is opened on a file for reading (`1<f`, `2<&3`). */
    private boolean stdStreamsFromFiles;

    boolean contains(String name) {
        return names.contains(name);
    }

    Command.Function definition(String name) {
        return definitions.get(name);
    }

    boolean isCalled(String name) {
        return called.contains(name);
    }

    boolean stdStreamsFromFiles() {
        return stdStreamsFromFiles;
    }

    void collectFunctions(List<Stmt> stmts) {
        // A function defined anywhere in the text may be called anywhere after. Calls are found
        // everywhere, substitutions included, so a body is walked at its calls with their arguments.
        for (Stmt s : stmts) {
            collect(s);
        }
    }

    private void collect(Stmt s) {
        s.redirects().forEach(r -> {
            if (("1".equals(r.fd()) || "2".equals(r.fd())) && (r.op() == Redirect.Op.IN
                    || r.op() == Redirect.Op.READ_WRITE || r.op() == Redirect.Op.DUP_IN)) {
                stdStreamsFromFiles = true;
            }
            collectWord(r.target());
            if (r.hereDoc() != null && r.hereDoc().body() != null) {
                collectWord(r.hereDoc().body());
            }
        });
        s.command().accept(collector);
    }

    /** The pre-pass: which functions are defined, and which are called, anywhere in the text. */
    private final Command.Visitor<Void> collector = new Command.Visitor<>() {
        @Override
        public Void visitSimple(Command.Simple simple) {
            if (!simple.words().isEmpty()) {
                // a call from inside the function's own body does not make it run
                simple.words().get(0).literal().filter(n -> !collecting.contains(n)).ifPresent(called::add);
            }
            simple.words().forEach(FunctionIndex.this::collectWord);
            simple.assigns().forEach(as -> collectWord(as.value()));
            return null;
        }

        @Override
        public Void visitFunction(Command.Function f) {
            names.add(f.name());
            definitions.put(f.name(), f);
            boolean added = collecting.add(f.name());
            collect(f.body());
            if (added) {
                collecting.remove(f.name());
            }
            return null;
        }

        @Override
        public Void visitBlock(Command.Block b) {
            collectFunctions(b.body());
            return null;
        }

        @Override
        public Void visitSubshell(Command.Subshell sub) {
            collectFunctions(sub.body());
            return null;
        }

        @Override
        public Void visitAndOr(Command.AndOr a) {
            collectFunctions(a.parts());
            return null;
        }

        @Override
        public Void visitPipeline(Command.Pipeline p) {
            collectFunctions(p.stages());
            return null;
        }

        @Override
        public Void visitIf(Command.If f) {
            f.branches().forEach(b -> {
                collectFunctions(b.condition());
                collectFunctions(b.body());
            });
            collectFunctions(f.elseBody());
            return null;
        }

        @Override
        public Void visitWhile(Command.While w) {
            collectFunctions(w.condition());
            collectFunctions(w.body());
            return null;
        }

        @Override
        public Void visitFor(Command.For f) {
            if (f.items() != null) {
                f.items().forEach(FunctionIndex.this::collectWord);
            }
            collectFunctions(f.body());
            return null;
        }

        @Override
        public Void visitArithFor(Command.ArithFor f) {
            collectFunctions(f.body());
            return null;
        }

        @Override
        public Void visitCase(Command.Case cs) {
            collectWord(cs.subject());
            cs.items().forEach(item -> collectFunctions(item.body()));
            return null;
        }

        @Override
        public Void visitTest(Command.Test t) {
            t.words().forEach(FunctionIndex.this::collectWord);
            return null;
        }

        @Override
        public Void visitArith(Command.Arith ar) {
            collectWord(ar.expression());
            return null;
        }

        @Override
        public Void visitCoproc(Command.Coproc co) {
            collect(co.body());
            return null;
        }
    };

    private void collectWord(Word w) {
        if (w == null) {
            return;
        }
        for (WordPart p : w.parts()) {
            collectPart(p);
        }
    }

    private void collectPart(WordPart p) {
        p.accept(partCollector);
    }

    /** Substitutions hold commands, and so hold function definitions and calls; plain text holds none. */
    private final WordPart.Visitor<Void> partCollector = new PartWalk() {
        @Override
        public Void visitDoubleQuoted(WordPart.DoubleQuoted dq) {
            dq.parts().forEach(FunctionIndex.this::collectPart);
            return null;
        }

        @Override
        public Void visitParam(WordPart.Param pe) {
            collectWord(pe.index());
            collectWord(pe.arg());
            return null;
        }

        @Override
        public Void visitCommandSubst(WordPart.CommandSubst cs) {
            collectFunctions(cs.stmts());
            return null;
        }

        @Override
        public Void visitArithExpansion(WordPart.ArithExpansion ae) {
            collectWord(ae.expression());
            return null;
        }

        @Override
        public Void visitProcessSubst(WordPart.ProcessSubst ps) {
            collectFunctions(ps.stmts());
            return null;
        }

        @Override
        public Void visitArrayLit(WordPart.ArrayLit al) {
            al.elements().forEach(FunctionIndex.this::collectWord);
            return null;
        }
    };
}
