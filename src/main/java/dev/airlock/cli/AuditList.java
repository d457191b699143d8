package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.Entry;
import dev.airlock.audit.Query;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock audit list}: one row per command (decision joined with its result), oldest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List commands with their decision and exit status, oldest first.")
final class AuditList extends AuditCommand {
    @Mixin
    AuditOptions.Filters filters = new AuditOptions.Filters();

    @Option(names = "--json", description = "One JSON object per entry: the decision's fields plus exit, duration_ms and result_seq of its result.")
    boolean json;

    @Override
    int run(Path log) throws AuditException {
        PrintWriter out = out();
        AuditTable table = table();
        if (!json) out.println(table.header());
        Query.run(log, filters.filter(), filters.limit, e -> out.println(json ? toJson(e) : table.row(e)), AuditOptions.warnings(err()));
        return OK;
    }

    static String toJson(Entry e) {
        ObjectNode o = e.first().node().deepCopy();
        o.remove("prev");
        o.remove("hash");
        if (e.result() != null) {
            if (e.result().node().has("exit")) o.set("exit", e.result().node().get("exit"));
            if (e.result().node().has("duration_ms")) o.set("duration_ms", e.result().node().get("duration_ms"));
            o.put("result_seq", e.result().seq());
        }
        String lost = e.resultLost();
        if (lost != null) o.put("result_lost", lost);
        return o.toString();
    }
}
