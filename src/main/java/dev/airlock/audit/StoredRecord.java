package dev.airlock.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A record as read back: its parsed fields, its line as written (for export), and where it is. */
public record StoredRecord(JsonNode node, String line, Path file, long lineNo) {

    public long seq() {
        return node.path("seq").asLong(-1);
    }

    public String event() {
        return text("event");
    }

    /** Null when the field is absent, so callers can tell "no value" from an empty string. */
    public String text(String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
    }

    public Long number(String field) {
        JsonNode n = node.get(field);
        return n != null && n.canConvertToLong() ? n.asLong() : null;
    }

    public Instant ts() {
        String t = text("ts");
        if (t == null) return null;
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
