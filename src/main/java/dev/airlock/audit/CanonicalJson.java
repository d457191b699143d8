package dev.airlock.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of a record, which is both what is hashed and (plus the hash) what is stored.
 *
 * <p>Rules: one JSON object, no whitespace; the fixed fields in the order seq, ts, event, session,
 * pid, cwd, command, decision, rules, reasons, approver, exit, duration_ms; then extra fields sorted by
 * name (Java String order, which is code-unit order); then prev. Null fields are left out. Nested maps
 * are sorted by key too. Strings escape only {@code "} and {@code \}, control characters below U+0020
 * ({@code \b \f \n \r \t}, others {@code \}{@code u00XX}) and lone surrogates ({@code \}{@code uXXXX});
 * everything else is raw UTF-8. Integers are plain decimal; floating numbers use Java's
 * {@code Double.toString}. The hash is SHA-256 (lower-case hex) of these bytes; the stored line is the
 * same bytes with {@code ,"hash":"<hex>"} inserted before the final {@code }}.
 *
 * <p>A hand-written writer instead of Jackson: it runs at the start of every agent command, and a hash
 * needs one exact byte form that a library's defaults might change under us.
 */
final class CanonicalJson {
    static final String ZERO_HASH = "0".repeat(64);

    private CanonicalJson() {}

    /** The hashed form of a record: canonical JSON with prev, without hash. */
    static String body(long seq, String ts, AuditRecord r, String prev) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"seq\":").append(seq);
        field(b, "ts", ts);
        field(b, "event", r.event());
        field(b, "session", r.session());
        b.append(",\"pid\":").append(r.pid());
        field(b, "cwd", r.cwd());
        field(b, "command", r.command());
        field(b, "decision", r.decision());
        field(b, "rules", r.rules());
        field(b, "reasons", r.reasons());
        field(b, "approver", r.approver());
        field(b, "exit", r.exit());
        field(b, "duration_ms", r.durationMs());
        for (Map.Entry<String, Object> e : r.extra().entrySet()) field(b, e.getKey(), e.getValue());
        field(b, "prev", prev);
        return b.append('}').toString();
    }

    /** The line as stored: the body with the hash as last member, and a newline. */
    static String line(String body, String hash) {
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}\n";
    }

    static String sha256(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sha256(bytes, 0, bytes.length);
    }

    /** SHA-256 hex of bytes[off, off+len). */
    static String sha256(byte[] bytes, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, off, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void field(StringBuilder b, String name, Object value) {
        if (value == null) return;
        b.append(',');
        string(b, name);
        b.append(':');
        value(b, value);
    }

    static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof java.math.BigInteger) {
            b.append(v);
        } else if (v instanceof Number n) {
            b.append(Double.toString(n.doubleValue()));
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) b.append(',');
                value(b, list.get(i));
            }
            b.append(']');
        } else if (v instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(map).entrySet()) {
                if (!first) b.append(',');
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                value(b, e.getValue());
            }
            b.append('}');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " to the audit log");
        }
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        hex(b, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // A lone surrogate has no UTF-8 form; escaping keeps the bytes exact.
                        hex(b, c);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void hex(StringBuilder b, char c) {
        b.append(String.format("\\u%04x", (int) c));
    }
}
