package dev.airlock.cli;

import dev.airlock.audit.AuditException;
import dev.airlock.audit.Verifier;
import dev.airlock.audit.VerifyReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code airlock audit verify}: exit 0 when the chain and head are intact, 1 naming the first broken record. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the hash chain across rotated files and check the head. Exit 0 intact, 1 broken.")
final class AuditVerify extends AuditCommand {
    @Override
    int run(Path log) throws AuditException {
        VerifyReport r = Verifier.verify(log);
        r.notes().forEach(n -> out().println("note: " + n));
        if (r.problem() != null) {
            err().println("airlock: audit log broken: " + r.problem().describe());
            return FAILED;
        }
        if (!r.losses().isEmpty()) {
            // The chain holds, and it records that something is gone: said every time, never a note.
            r.losses().forEach(l -> err().println("airlock: audit log incomplete: " + l.describe()));
            err().println("airlock: the chain is unbroken (" + r.records() + " records, last seq " + r.lastSeq()
                    + "); " + r.losses().size() + " loss(es) above");
            return FAILED;
        }
        out().println("intact: " + r.records() + " records in " + r.files().size() + " file(s), last seq " + r.lastSeq());
        return OK;
    }

    /** A head without its log is a log that was deleted. */
    @Override
    int missing() {
        return java.nio.file.Files.exists(file.path().resolveSibling(stem(file.path()) + ".head")) ? FAILED : OK;
    }

    private static String stem(Path log) {
        String n = log.getFileName().toString();
        return n.endsWith(".jsonl") ? n.substring(0, n.length() - 6) : n;
    }
}
