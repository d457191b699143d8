package dev.airlock.analysis;

import dev.airlock.shell.Command;
import dev.airlock.shell.Pos;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Control flow: lists, pipelines, `&&`/`||`, subshells, groups, branches, loops, `case`, function definitions,
 * `[[ ]]` and `(( ))`. It decides which shell state each part runs with: a copy where bash forks (subshells,
 * pipeline stages, `&`), the same state made conditional where a part may not run.
 */
final class ControlFlow {
    /** A `for` loop over more static items than this is walked once with its variable unknown. */
    static final int MAX_LOOP_ITEMS = 16;
    /** `[[ ]]` operators that evaluate their operands as arithmetic. */
    private static final Set<String> ARITHMETIC_TESTS = Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge");

    private final Walk walk;
    /** The known output of the previous pipeline stage, for the first command of the next one. */
    private String pipedText;

    ControlFlow(Walk walk) {
        this.walk = walk;
    }

    /** What the previous pipeline stage surely prints, once: the simple command that reads it takes it. */
    String takePipedText() {
        String text = pipedText;
        pipedText = null;
        return text;
    }

    void list(List<Stmt> stmts, ShellState sh, Scope scope) {
        for (Stmt s : stmts) {
            stmt(s, sh, scope);
        }
    }

    void stmt(Stmt st, ShellState shell, Scope scope) {
        // `cmd &` runs in a subshell: its cd, variables and functions stay there
        ShellState sh = st.background() ? shell.copy() : shell;
        int start = walk.graph.size();
        boolean redirectsTaken = st.command().accept(new Statement(st, sh, scope));
        if (!redirectsTaken && !st.redirects().isEmpty()) {
            List<Integer> feedIn = new ArrayList<>();
            List<RedirectFact> facts = walk.redirections.redirects(st.redirects(), sh, scope, feedIn, null);
            int self = walk.graph.draft(Invocation.Kind.NO_COMMAND, st.pos(), sh, scope).redirects(facts).add();
            for (int k = start; k < walk.graph.size(); k++) {
                if (k != self) {
                    for (int in : feedIn) {
                        walk.graph.feed(in, k);
                    }
                }
            }
        }
    }

    /**
     * Walks the command of one statement; true when the command took the statement's redirections as its
     * own (a simple command's), false when they are the compound's, emitted after its body.
     */
    private final class Statement implements Command.Visitor<Boolean> {
        private final Stmt st;
        private final ShellState sh;
        private final Scope scope;

        Statement(Stmt st, ShellState sh, Scope scope) {
            this.st = st;
            this.sh = sh;
            this.scope = scope;
        }

        @Override
        public Boolean visitSimple(Command.Simple s) {
            walk.commands.simple(s, st.redirects(), sh, scope);
            return true;
        }

        @Override
        public Boolean visitPipeline(Command.Pipeline p) {
            List<int[]> ranges = new ArrayList<>();
            String piped = null;
            for (Stmt stage : p.stages()) {
                int from = walk.graph.size();
                pipedText = piped; // `echo 'rm -rf ~' | sh`: the next stage reads known text
                stmt(stage, sh.copy(), scope);
                pipedText = null;
                piped = stage.redirects().isEmpty() ? walk.words.constantOutput(List.of(stage), sh) : null;
                ranges.add(new int[] {from, walk.graph.size()});
            }
            for (int k = 0; k + 1 < ranges.size(); k++) {
                walk.graph.link(ranges.get(k)[0], ranges.get(k)[1], ranges.get(k + 1)[0], ranges.get(k + 1)[1]);
            }
            return false;
        }

        @Override
        public Boolean visitAndOr(Command.AndOr a) {
            for (int k = 0; k < a.parts().size(); k++) {
                sh.conditional += k > 0 ? 1 : 0;
                stmt(a.parts().get(k), sh, scope);
                sh.conditional -= k > 0 ? 1 : 0;
            }
            return false;
        }

        @Override
        public Boolean visitSubshell(Command.Subshell s) {
            list(s.body(), sh.copy(), scope);
            return false;
        }

        @Override
        public Boolean visitBlock(Command.Block b) {
            list(b.body(), sh, scope);
            return false;
        }

        @Override
        public Boolean visitIf(Command.If f) {
            sh.conditional++;
            for (Command.Branch b : f.branches()) {
                list(b.condition(), sh, scope);
                list(b.body(), sh, scope);
            }
            list(f.elseBody(), sh, scope);
            sh.conditional--;
            return false;
        }

        @Override
        public Boolean visitWhile(Command.While w) {
            loop(sh, () -> {
                list(w.condition(), sh, scope);
                list(w.body(), sh, scope);
            });
            return false;
        }

        @Override
        public Boolean visitFor(Command.For f) {
            forLoop(f, st.pos(), sh, scope);
            return false;
        }

        @Override
        public Boolean visitArithFor(Command.ArithFor f) {
            arithmeticStatement(f.init(), sh, scope);
            arithmeticStatement(f.condition(), sh, scope);
            arithmeticStatement(f.post(), sh, scope);
            loop(sh, () -> list(f.body(), sh, scope));
            return false;
        }

        @Override
        public Boolean visitCase(Command.Case cs) {
            walk.substitutions.substitutions(cs.subject(), sh, scope);
            sh.conditional++;
            for (Command.CaseItem item : cs.items()) {
                item.patterns().forEach(w -> walk.substitutions.substitutions(w, sh, scope));
                list(item.body(), sh, scope);
            }
            sh.conditional--;
            return false;
        }

        @Override
        public Boolean visitFunction(Command.Function f) {
            if (sh.conditional == 0) {
                sh.defined.add(f.name());
            }
            // A function called in this text is walked at each call, with its arguments; one that is
            // only defined is walked here with unknown arguments (it may still run later).
            if (!walk.functions.isCalled(f.name())) {
                ShellState body = sh.copy();
                body.positional = null;
                stmt(f.body(), body, scope.inFunction(f.name()));
            }
            return false;
        }

        @Override
        public Boolean visitTest(Command.Test t) {
            testOperands(t.words(), sh, scope);
            return false;
        }

        @Override
        public Boolean visitArith(Command.Arith a) {
            arithmeticStatement(a.expression(), sh, scope);
            return false;
        }

        @Override
        public Boolean visitCoproc(Command.Coproc co) {
            stmt(co.body(), sh.copy(), scope);
            return false;
        }
    }

    /**
     * `for NAME in items`: NAME is assigned (a rule about PATH sees `for PATH in ...`). With a few static
     * items the body is walked once for each, NAME holding it (a glob item keeps being a glob), so
     * `for v in SHELL; do unset $v; done` is `unset SHELL`; otherwise NAME is unknown in the body.
     */
    private void forLoop(Command.For f, Pos pos, ShellState sh, Scope scope) {
        List<Arg> items = new ArrayList<>();
        boolean numeric = f.items() != null;
        if (f.items() != null) {
            for (Word w : f.items()) {
                int from = walk.graph.size();
                walk.substitutions.substitutions(w, sh, scope);
                List<Arg> these = walk.words.args(w, sh);
                numeric &= these.stream().noneMatch(Arg::dynamic) || walk.substitutions.numericWord(w, from);
                items.addAll(these);
            }
        }
        walk.graph.draft(Invocation.Kind.NO_COMMAND, pos, sh, scope)
                .assignments(List.of(new Assignment(f.variable(), null, false))).add();
        List<Arg> distinct = f.items() == null || items.stream().anyMatch(Arg::dynamic) ? List.of()
                : items.stream().filter(distinctBy(Arg::value)).toList();
        if (distinct.isEmpty() || distinct.size() > MAX_LOOP_ITEMS) {
            sh.vars.put(f.variable(), null);
            if (numeric && items.stream().allMatch(a -> a.dynamic() || a.value().matches("-?[0-9]+"))) {
                sh.numeric.add(f.variable()); // `for i in $(seq 1 100)`
            }
            loop(sh, () -> list(f.body(), sh, scope));
        } else {
            for (Arg item : distinct) {
                sh.vars.put(f.variable(), item.value());
                if (item.glob()) {
                    sh.globVars.add(f.variable());
                } else {
                    sh.globVars.remove(f.variable());
                }
                loop(sh, () -> list(f.body(), sh, scope));
            }
        }
        sh.vars.put(f.variable(), null);
        sh.globVars.remove(f.variable());
        sh.numeric.remove(f.variable());
    }

    private static <T> Predicate<T> distinctBy(Function<T, Object> key) {
        Set<Object> seen = new HashSet<>();
        return t -> seen.add(key.apply(t));
    }

    private void arithmeticStatement(Word expr, ShellState sh, Scope scope) {
        if (expr != null) {
            walk.substitutions.arithmetic(expr, sh, scope, new ArrayList<>(), new ArrayList<>());
        }
    }

    /** `[[ a -eq b ]]` evaluates both operands as arithmetic; `[[ -v name ]]` reads a name. */
    private void testOperands(List<Word> words, ShellState sh, Scope scope) {
        Set<Integer> arithmetic = new HashSet<>();
        for (int k = 0; k < words.size(); k++) {
            String op = words.get(k).literal().orElse("");
            if (ARITHMETIC_TESTS.contains(op)) {
                arithmetic.add(k - 1);
                arithmetic.add(k + 1);
            } else if (op.equals("-v") && k + 1 < words.size()) {
                walk.builtins.nameOperand(walk.words.single(words.get(k + 1), sh), sh, scope);
            }
        }
        for (int k = 0; k < words.size(); k++) {
            if (arithmetic.contains(k)) {
                walk.substitutions.arithmetic(words.get(k), sh, scope, new ArrayList<>(), new ArrayList<>());
            } else {
                walk.substitutions.substitutions(words.get(k), sh, scope);
            }
        }
    }

    private void loop(ShellState sh, Runnable body) {
        String before = sh.cwd;
        sh.conditional++;
        body.run();
        sh.conditional--;
        if (before == null ? sh.cwd != null : !before.equals(sh.cwd)) {
            sh.cwd = null; // a relative `cd` in a loop body may run any number of times
        }
    }
}
