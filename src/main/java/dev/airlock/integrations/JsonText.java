package dev.airlock.integrations;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Agents' JSON settings as trees: parsed strictly (a duplicate key or trailing junk is refused, so
 * nothing is silently dropped), printed back with the file's own indentation, keys in their order.
 */
final class JsonText {
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Pattern INDENT = Pattern.compile("(?m)^([ \\t]+)\\S");

    private JsonText() {}

    /** The file's top-level object; a missing or blank file is an empty one. */
    static ObjectNode parse(Path file, Optional<String> text) throws ConfigException {
        if (text.isEmpty() || text.get().isBlank()) {
            return STRICT.createObjectNode();
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text.get());
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": " + unreadable(text.get(), e) + "; airlock changed nothing");
        }
        if (!(node instanceof ObjectNode o)) {
            throw new ConfigException(file + ": the top level is not a JSON object; airlock changed nothing");
        }
        return o;
    }

    private static String unreadable(String text, JsonProcessingException e) {
        try {
            LENIENT.readTree(text);
            // Comments would be lost on the way back out, and they are the person's.
            return "has comments or trailing commas, which airlock cannot keep when it rewrites the file;"
                    + " make the change by hand";
        } catch (JsonProcessingException again) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return "not valid JSON" + where + " (" + e.getOriginalMessage() + "); fix or move the file";
        }
    }

    /** Pretty-printed with the indentation the file already uses (two spaces when it has none), newline at the end. */
    static String print(ObjectNode root, Optional<String> original) {
        String indent = "  ";
        if (original.isPresent()) {
            Matcher m = INDENT.matcher(original.get());
            if (m.find()) {
                indent = m.group(1);
            }
        }
        DefaultIndenter indenter = new DefaultIndenter(indent, "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return STRICT.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be printed", e);
        }
    }

    /** Compact JSON for showing a value in a plan. */
    static String compact(JsonNode node) {
        return node == null ? Change.UNSET : node.toString();
    }
}
