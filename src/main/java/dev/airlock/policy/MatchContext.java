package dev.airlock.policy;

import dev.airlock.analysis.Analysis;
import dev.airlock.analysis.Arg;
import dev.airlock.analysis.Invocation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What matching needs beyond one invocation: program classes, argument reading and the data flow of the line. */
final class MatchContext {
    private final Analysis analysis;
    private final java.util.function.Function<Set<String>, Set<String>> expand;
    private final Map<String, ProgramSpec> programs;
    private final Map<Integer, ArgView> views = new HashMap<>();
    private Map<Integer, Set<Integer>> reverse;

    MatchContext(Analysis analysis, Layers layers) {
        this.analysis = analysis;
        this.expand = layers::expand;
        this.programs = layers.programs();
    }

    boolean programIn(String program, Set<String> names) {
        return expand.apply(names).contains(program);
    }

    ArgView view(Invocation inv) {
        return views.computeIfAbsent(inv.id(), id -> ArgView.of(inv,
                inv.program() == null ? ProgramSpec.DEFAULT : programs.getOrDefault(inv.program(), ProgramSpec.DEFAULT)));
    }

    /** Every invocation whose output reaches this one, directly or through others. */
    List<Invocation> upstream(int id) {
        if (reverse == null) {
            reverse = new HashMap<>();
            analysis.feeds().forEach((from, tos) -> tos.forEach(to ->
                    reverse.computeIfAbsent(to, x -> new LinkedHashSet<>()).add(from)));
        }
        return closure(id, reverse);
    }

    /** Every invocation this one's output reaches. */
    List<Invocation> downstream(int id) {
        return closure(id, analysis.feeds());
    }

    private List<Invocation> closure(int id, Map<Integer, Set<Integer>> edges) {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>(edges.getOrDefault(id, Set.of()));
        List<Invocation> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            int next = queue.poll();
            if (seen.add(next)) {
                out.add(analysis.invocations().get(next));
                queue.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return out;
    }

    /**
     * Flags, global flags (those before the first positional word) and positional words of one
     * invocation, read with its program's spec. A dynamic word is a positional of unknown value (null).
     */
    record ArgView(Set<String> flags, Set<String> globalFlags, List<String> positionals) {
        String subcommand() {
            return positionals.isEmpty() ? null : positionals.get(0);
        }

        boolean firstPositionalStatic() {
            return !positionals.isEmpty() && positionals.get(0) != null;
        }

        boolean hasPrefix(List<Set<String>> prefix) {
            if (positionals.size() < prefix.size()) {
                return false;
            }
            for (int k = 0; k < prefix.size(); k++) {
                String v = positionals.get(k);
                if (v == null || !prefix.get(k).contains(v)) {
                    return false;
                }
            }
            return true;
        }

        static ArgView of(Invocation inv, ProgramSpec spec) {
            Set<String> flags = new HashSet<>();
            Set<String> global = new HashSet<>();
            List<String> positionals = new ArrayList<>();
            boolean optionsEnded = false;
            List<Arg> args = inv.args();
            for (int k = 0; k < args.size(); k++) {
                String v = args.get(k).value();
                if (v == null) {
                    positionals.add(null);
                    continue;
                }
                if (!optionsEnded && v.equals("--")) {
                    optionsEnded = true;
                    continue;
                }
                if (!optionsEnded && v.length() > 1 && v.startsWith("-")) {
                    int eq = v.indexOf('=');
                    String name = eq > 0 ? v.substring(0, eq) : v;
                    Set<String> names = new HashSet<>();
                    names.add(name);
                    if (!v.startsWith("--") && !spec.singleDashLong() && eq < 0 && v.length() > 2
                            && !Character.isDigit(v.charAt(1))) {
                        for (int c = 1; c < v.length(); c++) {
                            names.add("-" + v.charAt(c));
                        }
                    }
                    flags.addAll(names);
                    if (positionals.isEmpty()) {
                        global.addAll(names);
                    }
                    if (spec.valueOptions().contains(name) && eq < 0) {
                        k++;
                    }
                    continue;
                }
                positionals.add(v);
            }
            return new ArgView(Set.copyOf(flags), Set.copyOf(global), java.util.Collections.unmodifiableList(positionals));
        }
    }
}
