package dev.airlock.cli;

import dev.airlock.audit.AuditException;
import dev.airlock.audit.Entry;
import dev.airlock.audit.Query;
import dev.airlock.audit.StoredRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code airlock audit export}: jsonl gives the matching records exactly as written (decision, then
 * its result), so an export can still be checked hash by hash; csv gives one row per command.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export matching entries as JSON lines (records as written) or CSV (one row per command).")
final class AuditExport extends AuditCommand {
    static final List<String> COLUMNS = List.of("seq", "ts", "event", "session", "pid", "cwd", "command", "decision",
            "approver", "rules", "reasons", "exit", "duration_ms", "result_seq");

    enum Format { jsonl, csv }

    @Mixin
    AuditOptions.Filters filters = new AuditOptions.Filters();

    @Option(names = "--format", paramLabel = "jsonl|csv", description = "Output format (default: jsonl).")
    Format format = Format.jsonl;

    @Override
    int run(Path log) throws AuditException {
        PrintWriter out = out();
        if (format == Format.csv) out.println(String.join(",", COLUMNS));
        Query.run(log, filters.filter(), filters.limit, e -> {
            if (format == Format.csv) {
                out.println(csv(e));
            } else {
                out.println(e.first().line());
                if (e.result() != null) out.println(e.result().line());
            }
        }, AuditOptions.warnings(err()));
        return OK;
    }

    static String csv(Entry e) {
        StoredRecord f = e.first();
        StringBuilder b = new StringBuilder();
        for (String c : COLUMNS) {
            String v = switch (c) {
                case "rules", "reasons" -> joined(f, c);
                case "exit" -> e.exit() == null ? null : e.exit().toString();
                case "duration_ms" -> e.durationMs() == null ? null : e.durationMs().toString();
                case "result_seq" -> e.result() == null ? null : Long.toString(e.result().seq());
                default -> f.text(c);
            };
            if (b.length() > 0 || !c.equals(COLUMNS.get(0))) b.append(',');
            b.append(quote(v));
        }
        return b.toString();
    }

    private static String joined(StoredRecord r, String field) {
        var n = r.node().get(field);
        if (n == null || !n.isArray()) return null;
        StringBuilder b = new StringBuilder();
        n.forEach(x -> b.append(b.length() == 0 ? "" : "; ").append(x.asText()));
        return b.toString();
    }

    /**
     * RFC 4180: quote fields holding a comma, quote or line break; double the quotes inside. A field
     * a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or carriage return first: OWASP's
     * CSV injection list) gets a leading `'`, so a command text such as `=HYPERLINK(...)` stays text.
     */
    static String quote(String v) {
        if (v == null) return "";
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !isNumber(v)) {
            v = "'" + v;
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** `-1` (an exit status, a duration) is a number, not a formula. */
    private static boolean isNumber(String v) {
        return v.matches("-?[0-9]+");
    }
}
