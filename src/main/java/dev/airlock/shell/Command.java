package dev.airlock.shell;

import java.util.List;

/** Every kind of command the grammar knows; a switch over them is exhaustive. */
public sealed interface Command {
    Pos pos();

    /** `a=x b=y prog args`: assignments and words, either may be empty. */
    record Simple(Pos pos, List<Assign> assigns, List<Word> words) implements Command {
        public Simple {
            assigns = List.copyOf(assigns);
            words = List.copyOf(words);
        }
    }

    /** `a | b |& c`: stages, and for each joint whether stderr is piped too (`|&`). */
    record Pipeline(Pos pos, List<Stmt> stages, List<Boolean> stderrToo) implements Command {
        public Pipeline {
            stages = List.copyOf(stages);
            stderrToo = List.copyOf(stderrToo);
        }
    }

    /** `a && b || c`: kept flat so ten thousand joined commands need no deep recursion. */
    record AndOr(Pos pos, List<Stmt> parts, List<String> ops) implements Command {
        public AndOr {
            parts = List.copyOf(parts);
            ops = List.copyOf(ops);
        }
    }

    /** `( a; b )` */
    record Subshell(Pos pos, List<Stmt> body) implements Command {
        public Subshell {
            body = List.copyOf(body);
        }
    }

    /** `{ a; b; }` */
    record Block(Pos pos, List<Stmt> body) implements Command {
        public Block {
            body = List.copyOf(body);
        }
    }

    /** `if c; then t; elif c2; then t2; else e; fi` */
    record If(Pos pos, List<Branch> branches, List<Stmt> elseBody) implements Command {
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
        public While {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /** `for x in a b; do ...; done`; {@code items} is null for `for x; do` (the positional parameters). */
    record For(Pos pos, String variable, List<Word> items, List<Stmt> body) implements Command {
        public For {
            items = items == null ? null : List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    /** `for ((init; cond; post)); do ...; done` */
    record ArithFor(Pos pos, Word init, Word condition, Word post, List<Stmt> body) implements Command {
        public ArithFor {
            body = List.copyOf(body);
        }
    }

    /** `case w in a|b) ... ;; esac` */
    record Case(Pos pos, Word subject, List<CaseItem> items) implements Command {
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
    record Function(Pos pos, String name, Stmt body) implements Command {}

    /** `[[ a == b && -f c ]]`: operators are kept as literal words. */
    record Test(Pos pos, List<Word> words) implements Command {
        public Test {
            words = List.copyOf(words);
        }
    }

    /** `(( expr ))` */
    record Arith(Pos pos, Word expression) implements Command {}

    /** `coproc name { ...; }` or `coproc cmd args`; {@code name} may be null. */
    record Coproc(Pos pos, String name, Stmt body) implements Command {}
}
