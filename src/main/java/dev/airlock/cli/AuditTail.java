package dev.airlock.cli;

import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditReader;
import dev.airlock.audit.Follower;
import dev.airlock.audit.StoredRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock audit tail [-f]}: the last records as they are written, one row per record. */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Show the last records; with -f, keep showing new ones (across rotation).")
final class AuditTail extends AuditCommand {
    private static final long POLL_MS = 250;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "How many records to show first (default: 10).")
    int lines = 10;

    @Option(names = {"-f", "--follow"}, description = "Keep reading as records are appended, until interrupted.")
    boolean follow;

    @Override
    boolean waitsForTheLog() {
        return follow;
    }

    @Override
    int run(Path log) throws AuditException {
        PrintWriter out = out();
        AuditTable table = table();
        ArrayDeque<StoredRecord> last = new ArrayDeque<>();
        long[] lastSeq = {0};
        AuditReader.read(log, r -> {
            lastSeq[0] = Math.max(lastSeq[0], r.seq());
            if (lines <= 0) return;
            last.add(r);
            if (last.size() > lines) last.poll();
        }, AuditOptions.warnings(err()));
        out.println(table.header());
        last.forEach(r -> out.println(table.row(r)));
        out.flush();
        if (!follow) return OK;
        try (Follower f = new Follower(log, lastSeq[0], r -> out.println(table.row(r)), AuditOptions.warnings(err()))) {
            while (!Thread.currentThread().isInterrupted()) {
                f.poll();
                out.flush();
                try {
                    // Polling, not inotify: simple, and a quarter second is quick enough for a person watching.
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return OK;
    }
}
