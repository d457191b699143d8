package dev.airlock.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy by difference: `"extends": "default"` starts from that built-in policy and applies what this file
 * says (docs/policy.md, "Policies by difference"). A class, program or env entry named here replaces the
 * base's of that name; any other top-level field named here replaces the base's; the base's tests do not carry
 * over. `remove_rules` drops base rules by id, `change_rules` replaces fields of base rules (null removes one),
 * and a rule in `rules` replaces the base's rule of its id in place or is added after the base's rules. An
 * unknown base, a cycle, or a removal or change of a rule the base does not have is an error: the policy does
 * not load, so nothing is decided by a policy other than the one written.
 */
final class PolicyExtends {
    static final String EXTENDS = "extends";
    static final String REMOVE = "remove_rules";
    static final String CHANGE = "change_rules";
    /** Maps whose entries a policy that extends another replaces one by one. */
    private static final Set<String> BY_ENTRY = Set.of("classes", "programs", "env");

    private PolicyExtends() {}

    /** Finds the JSON of a policy that another extends, by name; null when there is none of that name. */
    interface Bases {
        byte[] json(String name) throws PolicyException;
    }

    /** The built-in policies bundled with airlock. */
    static final Bases BUILTIN = name -> {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            return null;
        }
        try (InputStream in = PolicyExtends.class.getResourceAsStream("/policies/" + name + ".json")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new PolicyException("/policies/" + name + ".json: cannot read: " + e.getMessage());
        }
    };

    /** The policy {@code top} says, with its base applied when it extends one; {@code top} itself when not. */
    static Map<?, ?> resolve(Map<?, ?> top, JsonTree tree, String layer, Bases bases) throws PolicyException {
        return resolve(top, tree, layer, bases, new ArrayList<>());
    }

    private static Map<?, ?> resolve(Map<?, ?> top, JsonTree tree, String layer, Bases bases, List<String> chain)
            throws PolicyException {
        if (!top.containsKey(EXTENDS)) {
            for (String key : List.of(REMOVE, CHANGE)) {
                if (top.containsKey(key)) {
                    throw JsonTree.error(tree.at(top, key), "\"" + key + "\" changes the policy named in \"extends\","
                            + " and this policy extends none");
                }
            }
            return top;
        }
        if (!layer.equals(Layers.BUILTIN)) {
            throw JsonTree.error(tree.at(top, EXTENDS), "\"extends\" is for built-in policies and --policy files;"
                    + " a user policy chooses its built-in policy with \"base\"");
        }
        if (!(top.get(EXTENDS) instanceof String name)) {
            throw JsonTree.error(tree.at(top, EXTENDS), "\"extends\" names a built-in policy, such as \"default\"");
        }
        if (chain.contains(name)) {
            throw JsonTree.error(tree.at(top, EXTENDS), "policies extend each other in a cycle: "
                    + String.join(" -> ", chain) + " -> " + name);
        }
        byte[] json = bases.json(name);
        if (json == null) {
            throw JsonTree.error(tree.at(top, EXTENDS), "\"extends\" names no known policy '" + name
                    + "' (built-in: default, strict)");
        }
        if (!(tree.read(json, name + ".json") instanceof Map<?, ?> read)) {
            throw new PolicyException(name + ".json: a policy is a JSON object");
        }
        chain.add(name);
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) resolve(read, tree, layer, bases, chain);
        merged.remove("tests");
        for (var e : top.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals(EXTENDS) || key.equals(REMOVE) || key.equals(CHANGE) || key.equals("rules")) {
                continue;
            }
            if (BY_ENTRY.contains(key) && e.getValue() instanceof Map<?, ?> mine
                    && merged.get(key) instanceof Map<?, ?> theirs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> target = (Map<String, Object>) theirs;
                for (var entry : mine.entrySet()) {
                    tree.put(target, (String) entry.getKey(), entry.getValue(), tree.at(mine, (String) entry.getKey()));
                }
            } else {
                tree.put(merged, key, e.getValue(), tree.at(top, key));
            }
        }
        if (merged.get("rules") instanceof List<?> rules) {
            tree.put(merged, "rules", rules(rules, top, tree, name), tree.at(merged, "rules"));
        } else if (top.containsKey("rules")) {
            tree.put(merged, "rules", top.get("rules"), tree.at(top, "rules"));
        }
        return merged;
    }

    /** The base's rules with this policy's removals, changes, replacements and additions. */
    private static List<Object> rules(List<?> base, Map<?, ?> top, JsonTree tree, String name) throws PolicyException {
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Object r : base) {
            byId.put(r instanceof Map<?, ?> m && m.get("id") instanceof String id ? id : "#" + byId.size(), r);
        }
        Object remove = top.get(REMOVE);
        if (remove != null && !(remove instanceof List<?>)) {
            throw JsonTree.error(tree.at(top, REMOVE), REMOVE + " must be a list of rule ids");
        }
        for (Object id : remove == null ? List.of() : (List<?>) remove) {
            if (!(id instanceof String) || byId.remove(id) == null) {
                throw JsonTree.error(tree.at(top, REMOVE), REMOVE + " names '" + id + "', which " + name
                        + ".json does not have");
            }
        }
        Object change = top.get(CHANGE);
        if (change != null && !(change instanceof Map<?, ?>)) {
            throw JsonTree.error(tree.at(top, CHANGE), CHANGE + " must be an object: rule id -> fields to replace");
        }
        for (var e : change == null ? Set.<Map.Entry<?, ?>>of() : ((Map<?, ?>) change).entrySet()) {
            if (!(byId.get(e.getKey()) instanceof Map<?, ?> rule) || !(e.getValue() instanceof Map<?, ?> fields)) {
                throw JsonTree.error(tree.at((Map<?, ?>) change, (String) e.getKey()), CHANGE + " names '" + e.getKey() + "', which " + name
                        + ".json does not have, or gives it no object of fields");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) rule;
            for (var f : fields.entrySet()) {
                String field = (String) f.getKey();
                if (field.equals("id")) {
                    throw JsonTree.error(tree.at(fields, field), "a rule's id cannot be changed; remove it and add one");
                }
                if (f.getValue() == null) {
                    target.remove(field);
                } else {
                    tree.put(target, field, f.getValue(), tree.at(fields, field));
                }
            }
        }
        List<Object> out = new ArrayList<>(byId.values());
        if (top.get("rules") instanceof List<?> mine) {
            for (Object r : mine) {
                Object id = r instanceof Map<?, ?> m ? m.get("id") : null;
                int at = id == null ? -1 : indexOfId(out, id);
                if (at >= 0) {
                    out.set(at, r);
                } else {
                    out.add(r);
                }
            }
        } else if (top.containsKey("rules")) {
            throw JsonTree.error(tree.at(top, "rules"), "rules must be a list");
        }
        return out;
    }

    private static int indexOfId(List<Object> rules, Object id) {
        for (int k = 0; k < rules.size(); k++) {
            if (rules.get(k) instanceof Map<?, ?> m && id.equals(m.get("id"))) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The names of the policies {@code json} extends, nearest first (`strict` -> [`default`]), read without
     * loading the policy: the build records their checksums beside the compiled form.
     */
    static List<String> chain(byte[] json, Bases bases) throws PolicyException {
        List<String> chain = new ArrayList<>();
        byte[] next = json;
        while (true) {
            Object root = new JsonTree().read(next, "policy");
            if (!(root instanceof Map<?, ?> m) || !(m.get(EXTENDS) instanceof String name)) {
                return chain;
            }
            if (chain.contains(name)) {
                throw new PolicyException("policies extend each other in a cycle: " + String.join(" -> ", chain)
                        + " -> " + name);
            }
            chain.add(name);
            next = bases.json(name);
            if (next == null) {
                throw new PolicyException("\"extends\" names no known policy '" + name + "'");
            }
        }
    }
}
