package dev.airlock.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads `src/test/resources/shell/parse-table.txt`; its header documents the format. */
final class ParseTable {
    static final String RESOURCE = "/shell/parse-table.txt";
    private static final String ARROW = " ⇒ ";
    private static final String NOTE = " ‖ ";
    private static final String BASH_SKIP = "bash-skip:";

    /** One table row; {@code expected} is a dump, `-` for an empty script, or `!KIND line:col`. */
    record Row(int line, String source, String input, String expected, String note) {
        boolean expectsError() {
            return expected.startsWith("!INCOMPLETE ") || expected.startsWith("!SYNTAX ");
        }

        ParseError.Kind errorKind() {
            return ParseError.Kind.valueOf(expected.substring(1, expected.indexOf(' ')));
        }

        String errorPos() {
            return expected.substring(expected.indexOf(' ') + 1);
        }

        boolean bashSkipped() {
            return note != null && note.startsWith(BASH_SKIP);
        }

        /** A short label for test names: the row's line and its source as written in the table. */
        String label() {
            return "line " + line + ": `" + source + "`";
        }
    }

    private ParseTable() {}

    static List<Row> rows() {
        try (InputStream in = ParseTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Row> rows = new ArrayList<>();
            String[] lines = text.split("\n", -1);
            for (int k = 0; k < lines.length; k++) {
                String line = lines[k];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int arrow = line.indexOf(ARROW);
                if (arrow < 0) {
                    throw new IllegalStateException("line " + (k + 1) + " has no '" + ARROW.strip() + "': " + line);
                }
                String source = line.substring(0, arrow);
                String rest = line.substring(arrow + ARROW.length());
                String note = null;
                int bar = rest.indexOf(NOTE);
                if (bar >= 0) {
                    note = rest.substring(bar + NOTE.length()).strip();
                    rest = rest.substring(0, bar);
                }
                rows.add(new Row(k + 1, source, decode(source), rest.strip(), note));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table's stand-ins for characters a line cannot hold. */
    static String decode(String source) {
        return source.replace('␤', '\n').replace('␉', '\t').replace('␍', '\r');
    }

    /** The dump as the table writes it: `-` for an empty script. */
    static String dump(Script script) {
        String d = Dump.script(script);
        return d.isEmpty() ? "-" : d;
    }
}
