package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.Query;
import dev.airlock.audit.StoredRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** The `writes` receipt of the command logged under a seq (its decision's or its result's). */
record WriteRecord(long resultSeq, String command, JsonNode writes) {
    static Optional<WriteRecord> find(Path log, long seq, PrintWriter err) throws AuditException {
        Optional<Query.Shown> shown = Query.show(log, seq, AuditOptions.warnings(err));
        if (shown.isEmpty()) {
            err.println("airlock: no record with seq " + seq + " in " + log);
            return Optional.empty();
        }
        StoredRecord r = shown.get().record();
        StoredRecord result = "result".equals(r.event()) ? r : shown.get().partner();
        if (result == null) {
            err.println("airlock: command " + seq + " has no result record (denied, still running, or it died)");
            return Optional.empty();
        }
        JsonNode writes = result.node().get("writes");
        if (writes == null || !writes.hasNonNull("snapshot_before")) {
            JsonNode why = result.node().get("writes_unrecorded");
            err.println("airlock: command " + seq + " has no snapshots" + (why == null
                    ? " (it ran read-only, or was allowed as a command that writes nothing)" : ": " + why.asText()));
            return Optional.empty();
        }
        return Optional.of(new WriteRecord(result.seq(), result.node().path("command").asText(), writes));
    }

    /**
     * The shadow repository holding this command's snapshots, or empty (with an `airlock:` line on
     * {@code err}) when they have been pruned or removed.
     */
    Optional<dev.airlock.snapshot.ShadowRepo> repo(long seq, PrintWriter err) {
        dev.airlock.snapshot.ShadowRepo repo = dev.airlock.snapshot.ShadowRepo.of(
                dev.airlock.policy.AirlockPaths.from(System.getenv()).stateDir(), workspace());
        if (!repo.exists(before()) || !repo.exists(after())) {
            err.println("airlock: the snapshots of command " + seq + " are gone (pruned or removed)");
            return Optional.empty();
        }
        return Optional.of(repo);
    }

    Path workspace() {
        return Path.of(writes.get("workspace").asText());
    }

    String before() {
        return writes.get("snapshot_before").asText();
    }

    String after() {
        return writes.get("snapshot_after").asText();
    }
}
