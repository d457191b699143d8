package dev.airlock.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a caller hands to {@link AuditLog#append}: one event about one command. The log adds
 * {@code seq}, {@code ts}, {@code prev} and {@code hash}. Null fields are left out of the JSON line.
 *
 * <p>{@code extra} holds reviewer fields (agent, parent chain, argv, scrubbed variable names, approver
 * note, {@code wait_ms}, {@code decision_seq}...). They are written as top-level JSON fields, so their
 * names must not clash with the fixed ones. Values are String, Number (integral, or finite floating),
 * Boolean, List of those, or Map from String to those; anything else is a programming error and is
 * rejected here rather than in the middle of an append.
 */
public record AuditRecord(String event, String session, long pid, String cwd, String command,
        String decision, List<String> rules, List<String> reasons, String approver,
        Integer exit, Long durationMs, Map<String, Object> extra) {

    /** Field names the log owns; {@code extra} may not use them. */
    static final Set<String> FIXED = Set.of("seq", "ts", "event", "session", "pid", "cwd", "command",
            "decision", "rules", "reasons", "approver", "exit", "duration_ms", "prev", "hash");

    /** Extra field that joins a result record to the seq of its decision record. */
    public static final String DECISION_SEQ = "decision_seq";

    public AuditRecord {
        if (event == null || event.isEmpty()) throw new IllegalArgumentException("audit record without event");
        rules = rules == null ? null : List.copyOf(rules);
        reasons = reasons == null ? null : List.copyOf(reasons);
        extra = extra == null ? Map.of() : copyExtra(extra);
    }

    /** A decision about to be acted on: written (and forced) before the command runs. */
    public static AuditRecord decision(String session, long pid, String cwd, String command, String decision,
            List<String> rules, List<String> reasons, String approver, Map<String, Object> extra) {
        return new AuditRecord("decision", session, pid, cwd, command, decision, rules, reasons, approver,
                null, null, extra);
    }

    /** The outcome of the command whose decision record got {@code decisionSeq} from {@link AuditLog#append}. */
    public static AuditRecord result(String session, long pid, String cwd, String command, long decisionSeq,
            int exit, long durationMs, Map<String, Object> extra) {
        Map<String, Object> x = new LinkedHashMap<>(extra == null ? Map.of() : extra);
        x.put(DECISION_SEQ, decisionSeq);
        return new AuditRecord("result", session, pid, cwd, command, null, null, null, null, exit, durationMs, x);
    }

    /** A result whose exit nobody knows: {@code why} (field {@code result_lost}) says what happened instead. */
    public static AuditRecord lostResult(String session, long pid, String cwd, String command, long decisionSeq,
            String why, Map<String, Object> extra) {
        Map<String, Object> x = new LinkedHashMap<>(extra == null ? Map.of() : extra);
        x.put(DECISION_SEQ, decisionSeq);
        x.put(RESULT_LOST, why);
        return new AuditRecord("result", session, pid, cwd, command, null, null, null, null, null, null, x);
    }

    /** Extra field of a result record that has no exit: why it is not known. */
    public static final String RESULT_LOST = "result_lost";

    /** Returns a copy with one more extra field. */
    public AuditRecord with(String key, Object value) {
        Map<String, Object> x = new LinkedHashMap<>(extra);
        x.put(key, value);
        return new AuditRecord(event, session, pid, cwd, command, decision, rules, reasons, approver, exit,
                durationMs, x);
    }

    private static Map<String, Object> copyExtra(Map<String, Object> extra) {
        // Sorted, because the canonical form writes extra fields in key order.
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isEmpty()) throw new IllegalArgumentException("audit extra field without a name");
            if (FIXED.contains(k)) throw new IllegalArgumentException("audit extra field '" + k + "' clashes with a record field");
            if (e.getValue() == null) continue;
            copy.put(k, copyValue(k, e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(String key, Object v) {
        if (v == null) return null;
        if (v instanceof String || v instanceof Boolean) return v;
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) throw new IllegalArgumentException("audit extra field '" + key + "' is not finite");
            return v;
        }
        if (v instanceof Float f) return copyValue(key, f.doubleValue());
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof java.math.BigInteger) return v;
        if (v instanceof List<?> list) {
            return list.stream().map(x -> copyValue(key, x)).toList();
        }
        if (v instanceof Map<?, ?> map) {
            TreeMap<String, Object> m = new TreeMap<>();
            map.forEach((k, x) -> {
                if (x != null) m.put(String.valueOf(k), copyValue(key, x));
            });
            return Collections.unmodifiableMap(m);
        }
        throw new IllegalArgumentException("audit extra field '" + key + "' has unsupported type " + v.getClass().getSimpleName());
    }
}
