package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the commands being walked came from: the origin of their text, the wrappers around them, how many
 * shell strings deep they are, and the functions whose bodies they are in.
 */
record Scope(Invocation.Origin origin, List<String> wrappers, int reparseDepth, Set<String> inFunctions) {
    Scope {
        wrappers = List.copyOf(wrappers);
        inFunctions = Set.copyOf(inFunctions);
    }

    /** The text the shell was given. */
    static Scope top() {
        return new Scope(Invocation.Origin.TOP, List.of(), 0, Set.of());
    }

    /** Commands reached through {@code wrapper} (none when null), from text of origin {@code o}. */
    Scope with(Invocation.Origin o, String wrapper) {
        List<String> w = new ArrayList<>(wrappers);
        if (wrapper != null) {
            w.add(wrapper);
        }
        return new Scope(o, w, reparseDepth, inFunctions);
    }

    /** As {@link #with}, one shell string deeper (`bash -c`, `eval`). */
    Scope deeper(Invocation.Origin o, String wrapper) {
        Scope s = with(o, wrapper);
        return new Scope(s.origin, s.wrappers, reparseDepth + 1, inFunctions);
    }

    Scope inFunction(String name) {
        Set<String> names = new HashSet<>(inFunctions);
        names.add(name);
        return new Scope(origin, wrappers, reparseDepth, names);
    }
}
