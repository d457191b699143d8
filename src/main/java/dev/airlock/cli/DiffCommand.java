package dev.airlock.cli;

import dev.airlock.audit.AuditException;
import dev.airlock.snapshot.ShadowRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code airlock diff SEQ}: what one command changed in its workspace, as a unified diff. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what one command changed in its workspace, as a unified diff.")
final class DiffCommand extends AuditCommand {
    @Parameters(paramLabel = "SEQ", description = "The command's seq (its decision or its result), as in `audit list`.")
    long seq;

    @Override
    int missing() {
        return FAILED;
    }

    @Override
    int run(Path log) throws AuditException {
        Optional<WriteRecord> record = WriteRecord.find(log, seq, err());
        if (record.isEmpty()) {
            return FAILED;
        }
        WriteRecord w = record.get();
        Optional<ShadowRepo> found = w.repo(seq, err());
        if (found.isEmpty()) {
            return FAILED;
        }
        ShadowRepo repo = found.get();
        try {
            out().print(repo.diff(w.before(), w.after()));
            return OK;
        } catch (IOException e) {
            err().println("airlock: cannot show the change: " + e.getMessage());
            return FAILED;
        }
    }
}
