package dev.airlock.shell;

import java.util.List;

/** Every kind of command the grammar knows; a switch over them is exhaustive. */
public sealed interface Command {
    Pos pos();

    /** Calls the visitor's method for this kind of command. */
    <R> R accept(Visitor<R> v);

    /**
     * One method per kind of command. Every command implements {@link #accept}, so a new kind cannot be
     * added without a method here, and then the compiler lists every visitor that must handle it.
     */
    interface Visitor<R> {
        R visitSimple(Simple c);
        R visitPipeline(Pipeline c);
        R visitAndOr(AndOr c);
        R visitSubshell(Subshell c);
        R visitBlock(Block c);
        R visitIf(If c);
        R visitWhile(While c);
        R visitFor(For c);
        R visitArithFor(ArithFor c);
        R visitCase(Case c);
        R visitFunction(Function c);
        R visitTest(Test c);
        R visitArith(Arith c);
        R visitCoproc(Coproc c);
    }

    /**
     * A visitor for code that recognises only some kinds of command (a shape check, a harness' prelude): every
     * kind it does not override gets {@link #otherwise}, which must be the safe answer (not recognised, unknown).
     */
    abstract class Partial<R> implements Visitor<R> {
        /** The answer for every kind this visitor does not handle; it must fail closed. */
        protected abstract R otherwise(Command c);

        @Override
        public R visitSimple(Simple c) {
            return otherwise(c);
        }

        @Override
        public R visitPipeline(Pipeline c) {
            return otherwise(c);
        }

        @Override
        public R visitAndOr(AndOr c) {
            return otherwise(c);
        }

        @Override
        public R visitSubshell(Subshell c) {
            return otherwise(c);
        }

        @Override
        public R visitBlock(Block c) {
            return otherwise(c);
        }

        @Override
        public R visitIf(If c) {
            return otherwise(c);
        }

        @Override
        public R visitWhile(While c) {
            return otherwise(c);
        }

        @Override
        public R visitFor(For c) {
            return otherwise(c);
        }

        @Override
        public R visitArithFor(ArithFor c) {
            return otherwise(c);
        }

        @Override
        public R visitCase(Case c) {
            return otherwise(c);
        }

        @Override
        public R visitFunction(Function c) {
            return otherwise(c);
        }

        @Override
        public R visitTest(Test c) {
            return otherwise(c);
        }

        @Override
        public R visitArith(Arith c) {
            return otherwise(c);
        }

        @Override
        public R visitCoproc(Coproc c) {
            return otherwise(c);
        }
    }

    /** `a=x b=y prog args`: assignments and words, either may be empty. */
    record Simple(Pos pos, List<Assign> assigns, List<Word> words) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitSimple(this);
        }

        public Simple {
            assigns = List.copyOf(assigns);
            words = List.copyOf(words);
        }
    }

    /** `a | b |& c`: stages, and for each joint whether stderr is piped too (`|&`). */
    record Pipeline(Pos pos, List<Stmt> stages, List<Boolean> stderrToo) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitPipeline(this);
        }

        public Pipeline {
            stages = List.copyOf(stages);
            stderrToo = List.copyOf(stderrToo);
        }
    }

    /** `a && b || c`: kept flat so ten thousand joined commands need no deep recursion. */
    record AndOr(Pos pos, List<Stmt> parts, List<String> ops) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitAndOr(this);
        }

        public AndOr {
            parts = List.copyOf(parts);
            ops = List.copyOf(ops);
        }
    }

    /** `( a; b )` */
    record Subshell(Pos pos, List<Stmt> body) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitSubshell(this);
        }

        public Subshell {
            body = List.copyOf(body);
        }
    }

    /** `{ a; b; }` */
    record Block(Pos pos, List<Stmt> body) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBlock(this);
        }

        public Block {
            body = List.copyOf(body);
        }
    }

    /** `if c; then t; elif c2; then t2; else e; fi` */
    record If(Pos pos, List<Branch> branches, List<Stmt> elseBody) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitIf(this);
        }

        public If {
            branches = List.copyOf(branches);
            elseBody = List.copyOf(elseBody);
        }
    }

    /** One `if`/`elif` condition and its `then` body. */
    record Branch(List<Stmt> condition, List<Stmt> body) {
        public Branch {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /** `while c; do b; done`, or `until` when {@code until} is set. */
    record While(Pos pos, boolean until, List<Stmt> condition, List<Stmt> body) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitWhile(this);
        }

        public While {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /** `for x in a b; do ...; done`; {@code items} is null for `for x; do` (the positional parameters). */
    record For(Pos pos, String variable, List<Word> items, List<Stmt> body) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitFor(this);
        }

        public For {
            items = items == null ? null : List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    /** `for ((init; cond; post)); do ...; done` */
    record ArithFor(Pos pos, Word init, Word condition, Word post, List<Stmt> body) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitArithFor(this);
        }

        public ArithFor {
            body = List.copyOf(body);
        }
    }

    /** `case w in a|b) ... ;; esac` */
    record Case(Pos pos, Word subject, List<CaseItem> items) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCase(this);
        }

        public Case {
            items = List.copyOf(items);
        }
    }

    /** `a|b) body ;;` with its terminator (`;;`, `;&` or `;;&`). */
    record CaseItem(List<Word> patterns, List<Stmt> body, String terminator) {
        public CaseItem {
            patterns = List.copyOf(patterns);
            body = List.copyOf(body);
        }
    }

    /** `name() { ...; }` or `function name { ...; }` */
    record Function(Pos pos, String name, Stmt body) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitFunction(this);
        }
    }

    /** `[[ a == b && -f c ]]`: operators are kept as literal words. */
    record Test(Pos pos, List<Word> words) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitTest(this);
        }

        public Test {
            words = List.copyOf(words);
        }
    }

    /** `(( expr ))` */
    record Arith(Pos pos, Word expression) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitArith(this);
        }
    }

    /** `coproc name { ...; }` or `coproc cmd args`; {@code name} may be null. */
    record Coproc(Pos pos, String name, Stmt body) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCoproc(this);
        }
    }
}
