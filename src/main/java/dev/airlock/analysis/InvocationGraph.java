package dev.airlock.analysis;

import dev.airlock.shell.Pos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the walk has found so far: the invocations in the order they were found (an invocation's id is its
 * index), which feeds which, and why the walk stopped early, if it did.
 */
final class InvocationGraph {
    private final List<Invocation> found = new ArrayList<>();
    private final Map<Integer, Set<Integer>> feeds = new HashMap<>();
    private String limit;

    /** A new invocation of {@code kind} at {@code pos}, in the directory and scope the walk is in. */
    Draft draft(Invocation.Kind kind, Pos pos, ShellState sh, Scope scope) {
        return new Draft(kind, pos, sh.cwd, scope);
    }

    /** How many invocations were found; the id the next one gets. */
    int size() {
        return found.size();
    }

    Invocation get(int id) {
        return found.get(id);
    }

    /** The command {@code id} runs (a wrapper's, `bash -c`'s, `eval`'s) was found and analysed too. */
    void markUnwrapped(int id) {
        Invocation me = found.get(id);
        found.set(id, new Invocation(me.id(), me.kind(), me.pos(), me.program(), me.commandWord(), me.args(),
                me.redirects(), me.assignments(), me.wrappers(), me.origin(), me.cwd(), me.inputDependent(), true,
                me.hosts()));
    }

    /** Every invocation in [fromStart, fromEnd) feeds every one in [toStart, toEnd): a pipe between two stages. */
    void link(int fromStart, int fromEnd, int toStart, int toEnd) {
        for (int a = fromStart; a < fromEnd; a++) {
            for (int b = toStart; b < toEnd; b++) {
                feed(a, b);
            }
        }
    }

    void feed(int from, int to) {
        if (from != to) {
            feeds.computeIfAbsent(from, x -> new LinkedHashSet<>()).add(to);
        }
    }

    /** The walk stopped following something (too deep, a text that does not parse): the analysis says why. */
    void limit(String why) {
        limit = why;
    }

    Analysis analysis(String text) {
        return new Analysis(text, found, feeds, Optional.empty(), Optional.ofNullable(limit));
    }

    /** An invocation being described; {@link #add} records it. Unset parts are empty, null or false. */
    final class Draft {
        private final Invocation.Kind kind;
        private final Pos pos;
        private final String cwd;
        private final Scope scope;
        private String program;
        private String commandWord;
        private List<Arg> args = List.of();
        private List<RedirectFact> redirects = List.of();
        private List<Assignment> assignments = List.of();
        private boolean inputDependent;
        private boolean unwrapped;

        private Draft(Invocation.Kind kind, Pos pos, String cwd, Scope scope) {
            this.kind = kind;
            this.pos = pos;
            this.cwd = cwd;
            this.scope = scope;
        }

        Draft program(String name) {
            this.program = name;
            return this;
        }

        /** The command word as written (`/bin/rm`, `$x`), when it is not only the program's name. */
        Draft word(String word) {
            this.commandWord = word;
            return this;
        }

        Draft args(List<Arg> list) {
            this.args = list;
            return this;
        }

        Draft redirects(List<RedirectFact> list) {
            this.redirects = list;
            return this;
        }

        Draft assignments(List<Assignment> list) {
            this.assignments = list;
            return this;
        }

        /** Its arguments come from input known only at run time (`xargs`, `find -exec`). */
        Draft inputDependent(boolean value) {
            this.inputDependent = value;
            return this;
        }

        Draft unwrapped() {
            this.unwrapped = true;
            return this;
        }

        /** Records the invocation; returns its id. */
        int add() {
            int id = found.size();
            found.add(new Invocation(id, kind, pos, program, commandWord, args, redirects, assignments,
                    scope.wrappers(), scope.origin(), cwd, inputDependent, unwrapped, Hosts.of(program, args)));
            return id;
        }
    }
}
