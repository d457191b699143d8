package dev.airlock.policy;

import dev.airlock.analysis.Invocation;
import dev.airlock.analysis.PathClass;
import dev.airlock.sandbox.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a policy file. Every mistake becomes a {@link PolicyException} naming `file:line:col`,
 * the rule, and what to fix; unknown fields are mistakes too, so a typo never silently drops a condition.
 */
public final class PolicyLoader {
    private static final Set<String> TOP_FIELDS = Set.of("airlock_policy", "description", "base", "classes",
            "programs", "secret_paths", "env", "disable", "rules", "tests", "sandbox");
    private static final Set<String> RULE_FIELDS = Set.of("id", "decision", "reason", "match", "examples", "note",
            "added", "sandbox");
    private final String source;
    private final String layer;
    /** The files read, with where each object and each field of an object began, for error messages. */
    private final JsonTree tree = new JsonTree();
    private final PolicyExtends.Bases bases;

    private PolicyLoader(String source, String layer, PolicyExtends.Bases bases) {
        this.source = source;
        this.layer = layer;
        this.bases = bases;
    }

    public static Policy load(byte[] bytes, String source, String layer) throws PolicyException {
        return load(bytes, source, layer, PolicyExtends.BUILTIN);
    }

    /** Loads a policy whose `extends` names policies that {@code bases} finds (the build: the policies directory). */
    static Policy load(byte[] bytes, String source, String layer, PolicyExtends.Bases bases) throws PolicyException {
        return new PolicyLoader(source, layer, bases).parse(bytes);
    }

    public static Policy load(InputStream in, String source, String layer) throws PolicyException {
        try (in) {
            return load(in.readAllBytes(), source, layer);
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot read: " + e.getMessage());
        }
    }

    private Policy parse(byte[] bytes) throws PolicyException {
        Object root = tree.read(bytes, source);
        if (!(root instanceof Map<?, ?> read)) {
            throw error(tree.where(root), "a policy is a JSON object");
        }
        Map<?, ?> top = PolicyExtends.resolve(read, tree, layer, bases);
        checkFields(top, TOP_FIELDS, "policy");
        Object version = top.get("airlock_policy");
        if (version != null && !(version instanceof Number n && n.intValue() == 1)) {
            throw error(at(top, "airlock_policy"), "airlock_policy must be 1");
        }
        Map<String, Set<String>> classes = new HashMap<>();
        for (var e : object(top, "classes").entrySet()) {
            classes.put(e.getKey(), Set.copyOf(strings(e.getValue(), at(object(top, "classes"), e.getKey()), "class " + e.getKey())));
        }
        Map<String, ProgramSpec> programs = new HashMap<>();
        Map<String, Object> progs = object(top, "programs");
        for (var e : progs.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                throw error(at(progs, e.getKey()), "programs." + e.getKey() + " must be an object");
            }
            checkFields(spec, Set.of("value_options", "single_dash_long"), "programs." + e.getKey());
            programs.put(e.getKey(), new ProgramSpec(Set.copyOf(strings(spec.get("value_options"), at(spec, "value_options"),
                    "value_options")), Boolean.TRUE.equals(spec.get("single_dash_long"))));
        }
        Map<String, Object> env = object(top, "env");
        checkFields(env, Set.of("passthrough", "scrub"), "env");
        if (layer.equals(Layers.PROJECT)) {
            // A project policy may only tighten: vocabulary that could loosen the built-in rules is refused.
            for (String field : List.of("classes", "programs", "disable", "base")) {
                if (top.containsKey(field)) {
                    throw error(at(top, field), "a project policy may only tighten; \"" + field + "\" is not allowed here");
                }
            }
            if (env.containsKey("passthrough")) {
                throw error(at(env, "passthrough"), "a project policy may only tighten; env.passthrough is not allowed here");
            }
            for (String s : strings(top.get("secret_paths"), at(top, "secret_paths"), "secret_paths")) {
                if (s.startsWith("!")) {
                    throw error(at(top, "secret_paths"), "a project policy may only tighten; '" + s
                            + "' would exempt a secret");
                }
            }
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Object ruleList = top.get("rules");
        if (ruleList != null && !(ruleList instanceof List<?>)) {
            throw error(at(top, "rules"), "rules must be a list");
        }
        if (ruleList instanceof List<?> list) {
            for (Object r : list) {
                Rule rule = rule(r);
                if (!ids.add(rule.id())) {
                    throw error(tree.where(r), "rule id '" + rule.id() + "' is used twice");
                }
                if (layer.equals(Layers.PROJECT) && rule.decision() == Decision.ALLOW) {
                    throw error(tree.where(r), "rule '" + rule.id()
                            + "': a project policy may only tighten (ask or deny), not allow");
                }
                rules.add(rule);
            }
        }
        List<PolicyTest> tests = new ArrayList<>();
        Object testList = top.get("tests");
        if (testList instanceof List<?> list) {
            for (Object t : list) {
                if (!(t instanceof Map<?, ?> m)) {
                    throw error(tree.where(t), "each test is an object {\"command\": ..., \"decision\": ...}");
                }
                checkFields(m, Set.of("command", "decision", "why"), "test");
                tests.add(new PolicyTest(string(m, "command", true), decision(m), origin(tree.where(t))));
            }
        } else if (testList != null) {
            throw error(at(top, "tests"), "tests must be a list");
        }
        return new Policy(layer, source, classes, programs,
                strings(top.get("secret_paths"), at(top, "secret_paths"), "secret_paths"),
                strings(env.get("passthrough"), at(env, "passthrough"), "env.passthrough"),
                strings(env.get("scrub"), at(env, "scrub"), "env.scrub"),
                Set.copyOf(strings(top.get("disable"), at(top, "disable"), "disable")), rules, tests,
                sandboxSettings(top));
    }

    /** The `sandbox` section: {"unknown": PROFILE, "require": BOOLEAN}; a project may only require. */
    private SandboxSettings sandboxSettings(Map<?, ?> top) throws PolicyException {
        Map<String, Object> s = object(top, "sandbox");
        checkFields(s, Set.of("unknown", "require"), "sandbox");
        Profile unknown = s.containsKey("unknown") ? profile(s, "unknown") : null;
        Object require = s.get("require");
        if (require != null && !(require instanceof Boolean)) {
            throw error(at(s, "require"), "sandbox.require must be true or false");
        }
        if (layer.equals(Layers.PROJECT) && (unknown != null || Boolean.FALSE.equals(require))) {
            throw error(at(top, "sandbox"), "a project policy may only tighten; it may set only \"require\": true"
                    + " in \"sandbox\"");
        }
        return new SandboxSettings(unknown, (Boolean) require);
    }

    private Profile profile(Map<?, ?> m, String key) throws PolicyException {
        Object v = m.get(key);
        Optional<Profile> p = v instanceof String name ? Profile.parse(name) : Optional.empty();
        if (p.isEmpty()) {
            throw error(at(m, key), "\"" + key + "\" names a sandbox profile: read-only, workspace or none");
        }
        return p.get();
    }

    private Rule rule(Object r) throws PolicyException {
        if (!(r instanceof Map<?, ?> m)) {
            throw error(tree.where(r), "each rule is an object with id, decision, reason and match");
        }
        String id = string(m, "id", true);
        try {
            checkFields(m, RULE_FIELDS, "rule");
            Decision decision = decision(m);
            String reason = string(m, "reason", true);
            Object match = m.get("match");
            if (!(match instanceof Map<?, ?> mm)) {
                throw error(tree.where(m), "needs a \"match\" object");
            }
            Matcher matcher = matcher(mm);
            List<String> yes = List.of();
            List<String> no = List.of();
            if (m.get("examples") instanceof Map<?, ?> ex) {
                checkFields(ex, Set.of("match", "no_match"), "examples");
                yes = strings(ex.get("match"), at(ex, "match"), "examples.match");
                no = strings(ex.get("no_match"), at(ex, "no_match"), "examples.no_match");
            } else if (m.get("examples") != null) {
                throw error(at(m, "examples"), "examples must be {\"match\": [...], \"no_match\": [...]}");
            }
            Profile sandbox = m.containsKey("sandbox") ? profile(m, "sandbox") : null;
            if (sandbox != null && layer.equals(Layers.PROJECT)) {
                throw error(at(m, "sandbox"), "a project policy may only tighten; a rule's \"sandbox\" is not allowed here");
            }
            if (sandbox != null && sandbox != Profile.READ_ONLY && layer.equals(Layers.BUILTIN)) {
                throw error(at(m, "sandbox"), "the built-in policy keeps every change behind a person: only read-only");
            }
            if (sandbox != null && decision == Decision.DENY) {
                throw error(at(m, "sandbox"), "a deny never runs, so it has no sandbox");
            }
            return new Rule(id, decision, reason, matcher, yes, no, origin(tree.where(m)), layer, sandbox);
        } catch (PolicyException e) {
            // a literal replacement: a rule id may hold `$` or `\`, which replaceFirst would read as a group
            throw new PolicyException(e.getMessage().replaceFirst(": ",
                    java.util.regex.Matcher.quoteReplacement(": rule '" + id + "': ")));
        }
    }

    /** A match object: each field one condition of {@link Conditions}, read as that condition's type says. */
    private Matcher matcher(Map<?, ?> m) throws PolicyException {
        checkFields(m, Conditions.FIELDS, "match");
        Object[] values = new Object[Conditions.ALL.size()];
        for (int k = 0; k < values.length; k++) {
            Conditions.Condition<?> c = Conditions.ALL.get(k);
            values[k] = c.type().load(this, m, c.field());
        }
        return new Matcher(values);
    }

    /** An exact argument list; a field present with null is the empty list. */
    List<String> argv(Map<?, ?> m, String key) throws PolicyException {
        return m.containsKey(key) ? strings(m.get(key), at(m, key), key) : null;
    }

    /** A string, or null when the field is absent or null. */
    String text(Map<?, ?> m, String key) throws PolicyException {
        return m.get(key) == null ? null : string(m, key, true);
    }

    /** `["stash", "list|show"]`: the first positional words, each with alternatives split on `|`. */
    List<Set<String>> prefix(Map<?, ?> m, String key) throws PolicyException {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        List<Set<String>> out = new ArrayList<>();
        for (String s : strings(v, at(m, key), key)) {
            out.add(Set.of(s.split("\\|")));
        }
        return out;
    }

    /** Host globs: `github.com`, `*.npmjs.org` (a `*` spans any labels). */
    List<Pattern> hostGlobs(Map<?, ?> m, String key) throws PolicyException {
        Set<String> raw = set(m, key);
        if (raw == null) {
            return null;
        }
        List<Pattern> out = new ArrayList<>();
        for (String h : raw) {
            if (!h.equals("?") && !h.matches("[A-Za-z0-9.*\\[\\]:-]+")) {
                throw error(at(m, key), "bad host pattern '" + h + "': use names like github.com or *.npmjs.org");
            }
            out.add(Pattern.compile(Pattern.quote(h.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q")));
        }
        return out;
    }

    Matcher nested(Map<?, ?> m, String key) throws PolicyException {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> mm)) {
            throw error(at(m, key), key + " must be a match object");
        }
        return matcher(mm);
    }

    Set<Invocation.Kind> kinds(Map<?, ?> m, String key) throws PolicyException {
        Set<String> names = set(m, key);
        if (names == null) {
            return null;
        }
        Set<Invocation.Kind> out = new HashSet<>();
        for (String n : names) {
            try {
                out.add(Invocation.Kind.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error(at(m, key), "unknown kind '" + n + "' (known: command, dynamic, function_call, recursive_call, no_command)");
            }
        }
        return out;
    }

    Set<Invocation.Origin> origins(Map<?, ?> m, String key) throws PolicyException {
        Set<String> names = set(m, key);
        if (names == null) {
            return null;
        }
        Set<Invocation.Origin> out = new HashSet<>();
        for (String n : names) {
            try {
                out.add(Invocation.Origin.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error(at(m, key), "unknown origin '" + n + "'");
            }
        }
        return out;
    }

    Set<PathClass> pathClasses(Map<?, ?> m, String key) throws PolicyException {
        Set<String> names = set(m, key);
        if (names == null) {
            return null;
        }
        Set<PathClass> out = new HashSet<>();
        for (String n : names) {
            try {
                out.add(PathClass.valueOf(n.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw error(at(m, key), "unknown path class '" + n + "' (known: "
                        + String.join(", ", java.util.Arrays.stream(PathClass.values())
                                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList()) + ")");
            }
        }
        return out;
    }

    List<Pattern> patterns(Map<?, ?> m, String key) throws PolicyException {
        Set<String> raw = set(m, key);
        if (raw == null) {
            return null;
        }
        List<Pattern> out = new ArrayList<>();
        for (String s : raw) {
            try {
                out.add(Pattern.compile(s));
            } catch (PatternSyntaxException e) {
                throw error(at(m, key), "bad regular expression '" + s + "': " + e.getDescription());
            }
        }
        return out;
    }

    Boolean bool(Map<?, ?> m, String key) throws PolicyException {
        Object v = m.get(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw error(at(m, key), key + " must be true or false");
    }

    Integer integer(Map<?, ?> m, String key) throws PolicyException {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer i && i >= 0) {
            return i;
        }
        throw error(at(m, key), key + " must be a whole number");
    }

    Set<String> set(Map<?, ?> m, String key) throws PolicyException {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return Set.of(s);
        }
        return Set.copyOf(strings(v, at(m, key), key));
    }

    private Decision decision(Map<?, ?> m) throws PolicyException {
        String d = string(m, "decision", true);
        try {
            return Decision.parse(d);
        } catch (IllegalArgumentException e) {
            throw error(at(m, "decision"), e.getMessage());
        }
    }

    private String string(Map<?, ?> m, String key, boolean required) throws PolicyException {
        Object v = m.get(key);
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        if (v == null && !required) {
            return null;
        }
        throw error(v == null ? tree.where(m) : at(m, key), "\"" + key + "\" must be a non-empty string");
    }

    private List<String> strings(Object v, JsonTree.Where where, String what) throws PolicyException {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw error(where, what + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw error(where, what + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Map<?, ?> m, String key) throws PolicyException {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw error(at(m, key), key + " must be an object");
        }
        return (Map<String, Object>) v;
    }

    private void checkFields(Map<?, ?> m, Set<String> known, String what) throws PolicyException {
        for (Object k : m.keySet()) {
            if (!known.contains(k)) {
                throw error(at(m, (String) k), "unknown field \"" + k + "\" in " + what + " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private JsonTree.Where at(Map<?, ?> m, String key) {
        return tree.at(m, key);
    }

    private String origin(JsonTree.Where l) {
        return l == null ? source : l.toString();
    }

    private PolicyException error(JsonTree.Where l, String message) {
        return new PolicyException(origin(l) + ": " + message);
    }
}
