package dev.airlock.cli;

import dev.airlock.audit.AuditException;
import dev.airlock.snapshot.ShadowRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code airlock undo SEQ}: puts the workspace back as it was before that command. It says what it
 * will do and does it only with {@code --yes}; when the workspace changed since the command, undoing
 * would lose those changes too, so it refuses unless {@code --force}.
 */
@Command(name = "undo", mixinStandardHelpOptions = true,
        description = "Put a workspace back as it was before one command.")
final class UndoCommand extends AuditCommand {
    @Parameters(paramLabel = "SEQ", description = "The command's seq (its decision or its result), as in `audit list`.")
    long seq;

    @Option(names = "--yes", description = "Do it (without it: only say what would be done).")
    boolean yes;

    @Option(names = "--force", description = "Undo even when the workspace changed after the command; those later changes are lost too.")
    boolean force;

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
            String now = repo.snapshot("before undo of " + w.resultSeq());
            List<String[]> later = repo.changes(w.after(), now);
            if (!later.isEmpty() && !force) {
                err().println("airlock: " + later.size() + " file(s) changed in " + w.workspace() + " after command " + seq
                        + " (first: " + later.get(0)[1] + "); undoing it would lose those changes too."
                        + " Add --force to undo anyway.");
                return FAILED;
            }
            List<String[]> undo = repo.changes(now, w.before());
            out().println((yes ? "undoing" : "would undo") + " command " + seq + " in " + w.workspace() + ": "
                    + w.command());
            for (String[] c : undo) {
                String what = switch (c[0]) {
                    case "A" -> "restore";
                    case "D" -> "remove ";
                    default -> "revert ";
                };
                out().println("  " + what + " " + c[1]);
            }
            if (undo.isEmpty()) {
                out().println("  nothing: the workspace is as it was before");
                return OK;
            }
            if (!yes) {
                out().println("run again with --yes to do it");
                return OK;
            }
            repo.checkout(w.before());
            for (String[] c : undo) {
                if (c[0].equals("D")) {
                    Files.deleteIfExists(w.workspace().resolve(c[1]));
                }
            }
            String done = repo.snapshot("after undo of " + w.resultSeq());
            if (!repo.tree(done).equals(repo.tree(w.before()))) {
                err().println("airlock: the workspace differs from the snapshot after undoing (a file could not be"
                        + " written?); compare with `airlock diff " + seq + "`");
                return FAILED;
            }
            out().println("done: the workspace is as it was before command " + seq);
            return OK;
        } catch (IOException e) {
            err().println("airlock: cannot undo: " + e.getMessage());
            return FAILED;
        }
    }
}
