package dev.airlock.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policy files read into maps, lists and scalars, remembering where each object, list and field began, in
 * which file: a policy that extends another mixes objects of both, and each error names its own file.
 */
final class JsonTree {
    private static final JsonFactory JSON = new JsonFactory();

    /** A place in a policy file: `default.json:120:5`, or the file alone when the place is not known. */
    record Where(String source, int line, int col) {
        @Override
        public String toString() {
            return line <= 0 ? source : source + ":" + line + ":" + col;
        }
    }

    private final Map<Object, Where> locations = new IdentityHashMap<>();
    private final Map<Object, Map<String, Where>> fieldLocations = new IdentityHashMap<>();
    private String source;

    /** Reads one policy file; every mistake in it is a {@link PolicyException} naming the file and place. */
    Object read(byte[] bytes, String source) throws PolicyException {
        this.source = source;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(source + ": not valid UTF-8");
        }
        try (JsonParser p = JSON.createParser(text)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() == null) {
                throw new PolicyException(source + ": empty file; a policy is a JSON object");
            }
            Object root = read(p, 0);
            if (p.nextToken() != null) {
                throw error(where(p.currentTokenLocation()), "unexpected text after the policy object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().split("\n")[0];
            throw new PolicyException(source + (l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr()) + ": " + msg);
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot read: " + e.getMessage());
        }
    }

    /** Where {@code value} (an object or a list) began; null for scalars. */
    Where where(Object value) {
        return locations.get(value);
    }

    /** Where field {@code key} of {@code m} was written, else where {@code m} began. */
    Where at(Map<?, ?> m, String key) {
        Map<String, Where> fields = fieldLocations.get(m);
        Where l = fields == null ? null : fields.get(key);
        return l != null ? l : locations.get(m);
    }

    /** Sets field {@code key} of {@code m} to a value written at {@code where} (in another file, perhaps). */
    void put(Map<String, Object> m, String key, Object value, Where where) {
        m.put(key, value);
        fieldLocations.computeIfAbsent(m, x -> new HashMap<>()).put(key, where);
    }

    static PolicyException error(Where where, String message) {
        return new PolicyException(where + ": " + message);
    }

    private Where where(JsonLocation l) {
        return new Where(source, l.getLineNr(), l.getColumnNr());
    }

    /** Reads one JSON value into maps, lists and scalars, remembering where each began. */
    private Object read(JsonParser p, int depth) throws IOException, PolicyException {
        if (depth > 64) {
            throw error(where(p.currentTokenLocation()), "nesting deeper than 64 levels");
        }
        JsonToken t = p.currentToken();
        Where start = where(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                Map<String, Where> fields = new HashMap<>();
                locations.put(m, start);
                fieldLocations.put(m, fields);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    fields.put(name, where(p.currentTokenLocation()));
                    p.nextToken();
                    m.put(name, read(p, depth + 1));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                locations.put(list, start);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Object v = read(p, depth + 1);
                    list.add(v);
                    if (v instanceof Map<?, ?> || v instanceof List<?>) {
                        locations.putIfAbsent(v, start);
                    }
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw error(start, "unexpected " + t);
        }
    }
}
