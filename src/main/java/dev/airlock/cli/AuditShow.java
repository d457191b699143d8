package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.Query;
import dev.airlock.audit.StoredRecord;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code airlock audit show SEQ}: a decision and its result together (or a result and its decision),
 * every field. The join follows the result's {@code decision_seq}.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one record with every field, with its decision or result.")
final class AuditShow extends AuditCommand {
    @Parameters(paramLabel = "SEQ", description = "The record's seq, as in the SEQ column of list.")
    long seq;

    @Option(names = "--json", description = "Print the records as written, one per line.")
    boolean json;

    @Override
    int run(Path log) throws AuditException {
        Optional<Query.Shown> shown = Query.show(log, seq, AuditOptions.warnings(err()));
        if (shown.isEmpty()) {
            err().println("airlock: no record with seq " + seq + " in " + log);
            return OK;
        }
        StoredRecord r = shown.get().record();
        StoredRecord p = shown.get().partner();
        StoredRecord first = p != null && p.seq() < r.seq() ? p : r;
        StoredRecord second = first == r ? p : r;
        print(first);
        if (second != null) {
            if (!json) out().println();
            print(second);
        } else if ("decision".equals(r.event()) && !json) {
            out().println();
            String lost = new dev.airlock.audit.Entry(r, null).resultLost();
            out().println(lost != null ? "(result lost: " + lost + ")"
                    : "run".equals(r.node().path("outcome").asText()) ? "(no result yet: the command still runs)"
                    : "(no result recorded: it did not run)");
        }
        return OK;
    }

    private void print(StoredRecord r) {
        if (json) {
            out().println(r.line());
            return;
        }
        out().println(r.event() + " " + r.seq() + "  (" + r.file().getFileName() + " line " + r.lineNo() + ")");
        for (Iterator<Map.Entry<String, JsonNode>> it = r.node().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("seq") || f.getKey().equals("event")) continue;
            JsonNode v = f.getValue();
            String text = v.isTextual() ? v.asText() : v.toString();
            if (f.getKey().equals("ts") && r.ts() != null) text += "  (" + r.ts().atZone(ZoneId.systemDefault()).toLocalDateTime() + " local)";
            out().printf("  %-12s %s%n", f.getKey(), AuditTable.escape(text));
        }
    }
}
