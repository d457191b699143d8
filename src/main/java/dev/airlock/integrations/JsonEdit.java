package dev.airlock.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Settings in an agent's JSON file: keys and entries set, every other key kept as it was. */
public record JsonEdit(Path file, List<Op> ops) implements Edit {
    public JsonEdit {
        ops = List.copyOf(ops);
    }

    /** One setting. {@code ours} recognises what airlock wrote, from this installation or an earlier one. */
    public sealed interface Op permits Text, Entry {
        List<String> path();

        Predicate<JsonNode> ours();
    }

    /** A string at a key path, like {@code env.CLAUDE_CODE_SHELL}. */
    public record Text(List<String> path, String value, Predicate<JsonNode> ours) implements Op {
        public Text {
            path = List.copyOf(path);
        }
    }

    /** One entry of the array at a key path, like the hook in {@code hooks.PreToolUse}. */
    public record Entry(List<String> path, ObjectNode entry, Predicate<JsonNode> ours) implements Op {
        public Entry {
            path = List.copyOf(path);
        }
    }

    @Override
    public List<Change> plan(Optional<String> text) throws ConfigException {
        ObjectNode root = JsonText.parse(file, text);
        List<Change> out = new ArrayList<>();
        for (Op op : ops) {
            JsonNode now = at(root, op.path());
            if (op instanceof Text t) {
                if (!(now != null && now.isTextual() && now.asText().equals(t.value()))) {
                    out.add(new Change(file, key(op), JsonText.compact(now), JsonText.compact(TextNode.valueOf(t.value()))));
                }
            } else if (op instanceof Entry e) {
                List<JsonNode> mine = list(entries(now, op)).stream().filter(e.ours()).toList();
                if (!(mine.size() == 1 && mine.get(0).equals(e.entry()))) {
                    String old = mine.isEmpty() ? Change.UNSET : mine.stream().map(JsonText::compact).reduce((a, b) -> a + ", " + b).get();
                    out.add(new Change(file, key(op) + "[]", old, JsonText.compact(e.entry())));
                }
            }
        }
        return out;
    }

    @Override
    public String apply(Optional<String> text) throws ConfigException {
        ObjectNode root = JsonText.parse(file, text);
        for (Op op : ops) {
            ObjectNode parent = parent(root, op.path(), true);
            String name = op.path().get(op.path().size() - 1);
            if (op instanceof Text t) {
                parent.put(name, t.value());
            } else if (op instanceof Entry e) {
                ArrayNode array = entries(parent.get(name), op);
                removeOurs(array, e.ours());
                array.add(e.entry().deepCopy());
                parent.set(name, array);
            }
        }
        return JsonText.print(root, text);
    }

    @Override
    public Undone undo(Optional<String> text, Optional<String> backup) throws ConfigException {
        ObjectNode root = JsonText.parse(file, text);
        ObjectNode before = backup.isPresent() ? JsonText.parse(file.resolveSibling(file.getFileName() + Setup.BACKUP_SUFFIX), backup)
                : JsonText.STRICT.createObjectNode();
        List<Change> changes = new ArrayList<>();
        for (Op op : ops) {
            JsonNode now = at(root, op.path());
            if (now == null) {
                continue;
            }
            ObjectNode parent = parent(root, op.path(), false);
            String name = op.path().get(op.path().size() - 1);
            JsonNode old = at(before, op.path());
            if (op instanceof Text && op.ours().test(now)) {
                // The backup's value comes back unless it was airlock's too (an apply over an apply).
                if (old != null && !op.ours().test(old)) {
                    parent.set(name, old.deepCopy());
                } else {
                    parent.remove(name);
                }
                changes.add(new Change(file, key(op), JsonText.compact(now), JsonText.compact(at(root, op.path()))));
            } else if (op instanceof Entry && now.isArray()) {
                ArrayNode array = (ArrayNode) now;
                String was = JsonText.compact(array);
                if (removeOurs(array, op.ours()) > 0) {
                    if (array.isEmpty() && old == null) {
                        parent.remove(name);
                    }
                    changes.add(new Change(file, key(op), was, JsonText.compact(at(root, op.path()))));
                }
            }
            prune(root, before, op.path());
        }
        if (changes.isEmpty()) {
            return new Undone(text, changes);
        }
        return new Undone(root.isEmpty() && backup.isEmpty() ? Optional.empty() : Optional.of(JsonText.print(root, text)), changes);
    }

    /** Whether one setting is in place (any installation's), for status. */
    public boolean has(Optional<String> text, Op op) throws ConfigException {
        JsonNode now = at(JsonText.parse(file, text), op.path());
        if (op instanceof Text) {
            return now != null && op.ours().test(now);
        }
        return list(entries(now, op)).stream().anyMatch(op.ours());
    }

    /** The value at a key path, or null. */
    public JsonNode value(Optional<String> text, List<String> path) throws ConfigException {
        return at(JsonText.parse(file, text), path);
    }

    private static String key(Op op) {
        return String.join(".", op.path());
    }

    private JsonNode at(ObjectNode root, List<String> path) throws ConfigException {
        ObjectNode parent = parent(root, path, false);
        return parent == null ? null : parent.get(path.get(path.size() - 1));
    }

    /** The object holding the last key of {@code path}; created when {@code create}, else null when missing. */
    private ObjectNode parent(ObjectNode root, List<String> path, boolean create) throws ConfigException {
        ObjectNode node = root;
        for (int k = 0; k < path.size() - 1; k++) {
            JsonNode next = node.get(path.get(k));
            if (next == null) {
                if (!create) {
                    return null;
                }
                next = node.putObject(path.get(k));
            }
            if (!(next instanceof ObjectNode o)) {
                throw new ConfigException(file + ": \"" + String.join(".", path.subList(0, k + 1))
                        + "\" is not a JSON object; airlock changed nothing");
            }
            node = o;
        }
        return node;
    }

    private ArrayNode entries(JsonNode now, Op op) throws ConfigException {
        if (now == null) {
            return JsonText.STRICT.createArrayNode();
        }
        if (!(now instanceof ArrayNode a)) {
            throw new ConfigException(file + ": \"" + key(op) + "\" is not a JSON array; airlock changed nothing");
        }
        return a;
    }

    private static List<JsonNode> list(ArrayNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static int removeOurs(ArrayNode array, Predicate<JsonNode> ours) {
        int removed = 0;
        for (int k = array.size() - 1; k >= 0; k--) {
            if (ours.test(array.get(k))) {
                array.remove(k);
                removed++;
            }
        }
        return removed;
    }

    /** Drops objects on the path that undo left empty and the backup did not have. */
    private static void prune(ObjectNode root, ObjectNode before, List<String> path) {
        for (int depth = path.size() - 1; depth >= 1; depth--) {
            List<String> p = path.subList(0, depth);
            JsonNode node = root;
            JsonNode was = before;
            ObjectNode holder = null;
            for (String k : p) {
                holder = node instanceof ObjectNode o ? o : null;
                node = node == null ? null : node.get(k);
                was = was == null ? null : was.get(k);
            }
            if (holder != null && node instanceof ObjectNode o && o.isEmpty() && was == null) {
                holder.remove(p.get(p.size() - 1));
            }
        }
    }
}
