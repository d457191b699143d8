package dev.airlock.analysis;

import dev.airlock.shell.Printer;
import dev.airlock.shell.Word;
import dev.airlock.shell.WordPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a word runs when it expands: command and process substitutions, subscripts, arithmetic, and the
 * variable values bash evaluates as code ({@link EvaluatedText}): `$((x))` with x set at run time, `${!x}`.
 */
final class Substitutions {
    /** Programs that print only numbers when all their arguments are static. */
    private static final Set<String> NUMERIC_OUTPUT = Set.of("wc", "nproc", "seq");

    /** Ids of invocations found in a word's substitutions: those feeding the command, and those it feeds. */
    record Found(List<Integer> feedIn, List<Integer> fedBy) {}

    private final Walk walk;

    Substitutions(Walk walk) {
        this.walk = walk;
    }

    Found substitutions(Word w, ShellState sh, Scope scope) {
        List<Integer> in = new ArrayList<>();
        List<Integer> outFeeds = new ArrayList<>();
        for (WordPart p : w.parts()) {
            part(p, sh, scope, in, outFeeds);
        }
        return new Found(in, outFeeds);
    }

    private void part(WordPart p, ShellState sh, Scope scope, List<Integer> in, List<Integer> outFeeds) {
        p.accept(new Expansion(sh, scope, in, outFeeds));
    }

    /**
     * Runs what one part of a word runs when it expands: substitutions, subscripts and arithmetic. Their ids go
     * to {@code in} (output the command reads) or {@code outFeeds} (`>(cmd)`, fed by the command).
     */
    private final class Expansion extends PartWalk {
        private final ShellState sh;
        private final Scope scope;
        private final List<Integer> in;
        private final List<Integer> outFeeds;

        Expansion(ShellState sh, Scope scope, List<Integer> in, List<Integer> outFeeds) {
            this.sh = sh;
            this.scope = scope;
            this.in = in;
            this.outFeeds = outFeeds;
        }

        @Override
        public Void visitCommandSubst(WordPart.CommandSubst c) {
            int from = walk.graph.size();
            walk.flow.list(c.stmts(), sh.copy(), scope.with(Invocation.Origin.SUBSTITUTION, null));
            for (int k = from; k < walk.graph.size(); k++) {
                in.add(k);
            }
            return null;
        }

        @Override
        public Void visitProcessSubst(WordPart.ProcessSubst ps) {
            int from = walk.graph.size();
            walk.flow.list(ps.stmts(), sh.copy(), scope.with(Invocation.Origin.SUBSTITUTION, null));
            for (int k = from; k < walk.graph.size(); k++) {
                (ps.output() ? outFeeds : in).add(k);
            }
            return null;
        }

        @Override
        public Void visitDoubleQuoted(WordPart.DoubleQuoted dq) {
            dq.parts().forEach(inner -> inner.accept(this));
            return null;
        }

        @Override
        public Void visitParam(WordPart.Param pe) {
            if (pe.index() != null) {
                arithmetic(pe.index(), sh, scope, in, outFeeds);
            }
            if (pe.arg() != null) {
                if (pe.op().equals(":")) {
                    arithmetic(pe.arg(), sh, scope, in, outFeeds); // `${s:off:len}`
                } else {
                    pe.arg().parts().forEach(inner -> inner.accept(this));
                }
            }
            evaluatedParam(pe, sh, scope);
            return null;
        }

        @Override
        public Void visitArithExpansion(WordPart.ArithExpansion a) {
            arithmetic(a.expression(), sh, scope, in, outFeeds);
            return null;
        }

        @Override
        public Void visitArrayLit(WordPart.ArrayLit a) {
            a.elements().forEach(e -> e.parts().forEach(inner -> inner.accept(this)));
            return null;
        }
    }

    /**
     * Walks an arithmetic expression (`$((e))`, `((e))`, a subscript, `${s:e}`): its substitutions run, and
     * bash evaluates the values of the variables it names as expressions in turn ({@link EvaluatedText}).
     */
    void arithmetic(Word expr, ShellState sh, Scope scope, List<Integer> in, List<Integer> outFeeds) {
        int from = walk.graph.size();
        expr.parts().forEach(inner -> part(inner, sh, scope, in, outFeeds));
        boolean runTime = !numericOutput(from, walk.graph.size());
        StringBuilder text = new StringBuilder();
        runTime &= walk.graph.size() > from;
        for (WordPart q : flatten(expr.parts())) {
            if (q instanceof WordPart.Param pe && !pe.name().isEmpty()) {
                runTime |= pe.prefix().isEmpty() && EvaluatedText.variable(pe.name(), walk.words.lookup(sh));
            } else if (q instanceof WordPart.CommandSubst || q instanceof WordPart.ProcessSubst
                    || q instanceof WordPart.ArithExpansion) {
                text.append(' ');
            } else {
                text.append(new Word(q.pos(), List.of(q)).literal().orElse(""));
            }
        }
        if (runTime || EvaluatedText.arithmetic(text.toString(), walk.words.lookup(sh))) {
            emitEvaluated(expr, "arithmetic evaluates text known only at run time", sh, scope);
        }
    }

    /** Checks a static arithmetic text (a `let` argument, a `[[ -eq ]]` operand, a `declare -i` value). */
    void arithmeticText(Arg a, ShellState sh, Scope scope) {
        boolean risky = a.dynamic() ? !inertExpansion(a, sh) : EvaluatedText.arithmetic(a.value(), walk.words.lookup(sh));
        if (risky) {
            walk.graph.draft(Invocation.Kind.EVALUATED, a.pos(), sh, scope).word(a.source()).add();
        }
    }

    /** A run-time word that is one numeric variable (`$i` after `i=$((i+1))`) evaluates to a number. */
    private boolean inertExpansion(Arg a, ShellState sh) {
        String name = a.source().replaceAll("^\"?\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?\"?$", "$1");
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") && !EvaluatedText.variable(name, walk.words.lookup(sh));
    }

    /** `${!x}` reads x's value as a name (subscript included); `${x@P}` expands x's value like a prompt. */
    private void evaluatedParam(WordPart.Param pe, ShellState sh, Scope scope) {
        boolean indirect = pe.prefix().equals("!") && pe.op().isEmpty() && pe.index() == null;
        boolean prompt = pe.op().equals("@") && pe.arg() != null && pe.arg().literal().orElse("").equals("P");
        if (!indirect && !prompt) {
            return;
        }
        Optional<String> state = walk.words.lookup(sh).apply(pe.name());
        if (pe.name().matches("[0-9@*]") && sh.positional == null) {
            state = Optional.empty();
        }
        boolean risky = state != null && (state.isEmpty()
                || (indirect ? EvaluatedText.name(state.get()) : EvaluatedText.holdsCode(state.get())));
        if (risky) {
            emitEvaluated(new Word(pe.pos(), List.of(pe)), indirect ? "the value is read as a variable name"
                    : "the value is expanded like a prompt", sh, scope);
        }
    }

    private void emitEvaluated(Word w, String why, ShellState sh, Scope scope) {
        walk.graph.draft(Invocation.Kind.EVALUATED, w.pos(), sh, scope).word(Printer.word(w)).add();
    }

    /** Parts with double quotes opened: `"$x"` inside `$(( ))` is still the variable x. */
    private List<WordPart> flatten(List<WordPart> parts) {
        List<WordPart> flat = new ArrayList<>();
        for (WordPart q : parts) {
            if (q instanceof WordPart.DoubleQuoted dq) {
                flat.addAll(flatten(dq.parts()));
            } else {
                flat.add(q);
            }
        }
        return flat;
    }

    /** `$((i+1))`, `"$(wc -l < f)"`: a value that is a number whatever happens at run time. */
    boolean numericWord(Word w, int firstInvocation) {
        List<WordPart> parts = flatten(w.parts());
        return !parts.isEmpty() && parts.stream().allMatch(q -> q instanceof WordPart.ArithExpansion
                || q instanceof WordPart.CommandSubst) && numericOutput(firstInvocation, walk.graph.size());
    }

    /** True when every invocation in [from, to) prints only numbers (`wc -l < f`, `nproc`, `seq 1 5`). */
    private boolean numericOutput(int from, int to) {
        for (int k = from; k < to; k++) {
            Invocation inv = walk.graph.get(k);
            boolean numeric = inv.kind() == Invocation.Kind.COMMAND && NUMERIC_OUTPUT.contains(inv.program())
                    && inv.args().stream().noneMatch(a -> a.dynamic() || a.value().startsWith("--files0-from"));
            if (!numeric && inv.kind() != Invocation.Kind.NO_COMMAND) {
                return false;
            }
        }
        return true;
    }
}
