package dev.airlock.policy;

import dev.airlock.sandbox.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The effective policy: the built-in layer, then the user's, then the project's, merged. */
public final class Layers {
    public static final String BUILTIN = "builtin";
    public static final String USER = "user";
    public static final String PROJECT = "project";

    private final List<Policy> policies;
    private final List<Rule> rules;
    private final Map<String, Set<String>> classes;
    private final Map<String, ProgramSpec> programs;
    private final List<String> secretPaths;
    private final List<String> envPassthrough;
    private final List<String> envScrub;
    private final Profile unknownSandbox;
    private final boolean requireSandbox;

    public Layers(List<Policy> policies) {
        this.policies = List.copyOf(policies);
        Set<String> disabled = new HashSet<>();
        policies.stream().filter(p -> p.layer().equals(USER)).forEach(p -> disabled.addAll(p.disabled()));
        List<Rule> all = new ArrayList<>();
        Map<String, Set<String>> cls = new HashMap<>();
        Map<String, ProgramSpec> progs = new HashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        Set<String> pass = new LinkedHashSet<>();
        Set<String> scrub = new LinkedHashSet<>();
        Profile unknown = null;
        boolean require = false;
        for (Policy p : policies) {
            // Layers come builtin, user, project: a later layer's setting replaces an earlier one's, and
            // the loader lets a project only require.
            if (p.sandbox().unknown() != null) {
                unknown = p.sandbox().unknown();
            }
            if (p.sandbox().require() != null) {
                require = p.sandbox().require();
            }
            for (Rule r : p.rules()) {
                if (!(p.layer().equals(BUILTIN) && disabled.contains(r.id()))) {
                    all.add(r);
                }
            }
            p.classes().forEach((k, v) -> cls.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
            progs.putAll(p.programs());
            secrets.addAll(p.secretPaths());
            pass.addAll(p.envPassthrough());
            scrub.addAll(p.envScrub());
        }
        this.rules = List.copyOf(all);
        List<Rule> generic = new ArrayList<>();
        Map<String, List<Rule>> indexed = new HashMap<>();
        Map<String, Set<String>> frozen = new HashMap<>();
        cls.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        this.classes = Map.copyOf(frozen);
        this.programs = Map.copyOf(progs);
        this.secretPaths = List.copyOf(secrets);
        this.envPassthrough = List.copyOf(pass);
        this.envScrub = List.copyOf(scrub);
        this.unknownSandbox = unknown;
        this.requireSandbox = require;
        for (Rule r : rules) {
            for (Set<String> names : java.util.Arrays.asList(r.match().program(), r.match().wrappedBy())) {
                if (names != null) {
                    expanded.put(names, expansionOf(names));
                }
            }
        }
        // One pass in policy order: a rule naming programs joins their lists, a rule naming none joins all.
        for (Rule r : rules) {
            if (r.match().program() != null) {
                for (String p : expand(r.match().program())) {
                    indexed.computeIfAbsent(p, x -> new ArrayList<>(generic));
                }
            }
            if (r.match().program() == null) {
                generic.add(r);
                indexed.values().forEach(list -> list.add(r));
            } else {
                for (String p : expand(r.match().program())) {
                    indexed.get(p).add(r);
                }
            }
        }
        indexed.replaceAll((k, v) -> List.copyOf(v));
        this.withoutProgram = List.copyOf(generic);
        this.byProgram = Map.copyOf(indexed);
    }

    public List<Policy> policies() {
        return policies;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Map<String, Set<String>> classes() {
        return classes;
    }

    /**
     * Expanded program sets, keyed by the identity of each rule's set: filled while the layers are
     * built and only read afterwards, so lookups from many threads need no lock (a synchronized map
     * here was 3% of the classifier's time).
     */
    private final Map<Set<String>, Set<String>> expanded = new java.util.IdentityHashMap<>();

    /** A rule's program names with every `@class` replaced by its members, computed once per rule. */
    Set<String> expand(Set<String> names) {
        Set<String> done = expanded.get(names);
        return done != null ? done : expansionOf(names);
    }

    private Set<String> expansionOf(Set<String> names) {
        Set<String> out = new HashSet<>();
        for (String name : names) {
            if (name.startsWith("@")) {
                out.addAll(classes.getOrDefault(name.substring(1), Set.of()));
            } else {
                out.add(name);
            }
        }
        return Set.copyOf(out);
    }

    /**
     * The rules that can match a command running {@code program}: those naming it, and those that
     * name no program. Rules keep their order in the policy, so explanations read the same.
     */
    List<Rule> candidates(String program) {
        if (program == null) {
            return withoutProgram;
        }
        return byProgram.getOrDefault(program, withoutProgram);
    }

    private final List<Rule> withoutProgram;
    private final Map<String, List<Rule>> byProgram;

    public Map<String, ProgramSpec> programs() {
        return programs;
    }

    public List<String> secretPaths() {
        return secretPaths;
    }

    public List<String> envPassthrough() {
        return envPassthrough;
    }

    /** The profile in which an unknown program runs without a question where a sandbox can be had; null: it asks. */
    public Profile unknownSandbox() {
        return unknownSandbox;
    }

    /** True when, with no usable sandbox, every allow must ask instead. */
    public boolean requireSandbox() {
        return requireSandbox;
    }

    public List<String> envScrub() {
        return envScrub;
    }
}
