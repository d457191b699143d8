package dev.airlock.cli;

import dev.airlock.audit.AuditException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What the review commands have in common: output streams, and turning an {@link AuditException} into
 * one {@code airlock:} line and exit status 1 (no stack trace).
 */
abstract class AuditCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AuditOptions.File file = new AuditOptions.File();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        Path log = file.path();
        try {
            if (!exists(log)) {
                if (!waitsForTheLog()) {
                    err().println("airlock: no audit log at " + log);
                    return missing();
                }
                err().println("airlock: no audit log at " + log + " yet; waiting for the first record");
                err().flush();
                while (!exists(log)) {
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return OK;
                    }
                }
            }
            return run(log);
        } catch (AuditException e) {
            err().println("airlock: " + e.getMessage());
            return FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** True for a command that follows the log: it waits for a log that does not exist yet. */
    boolean waitsForTheLog() {
        return false;
    }

    /** A log that has not been written yet: nothing to show is not an error. */
    int missing() {
        return OK;
    }

    private static boolean exists(Path log) throws AuditException {
        return Files.exists(log) || !dev.airlock.audit.AuditReader.files(log).isEmpty();
    }

    abstract int run(Path log) throws AuditException;

    AuditTable table() {
        return AuditTable.forTerminal();
    }
}
