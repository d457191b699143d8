package dev.airlock.cli;

import dev.airlock.audit.AuditLog;
import dev.airlock.audit.Filter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Options the review commands share: which log, and which entries. */
final class AuditOptions {
    private AuditOptions() {}

    static final class File {
        @Option(names = "--file", paramLabel = "PATH",
                description = "Audit log to read (default: $AIRLOCK_AUDIT, else $XDG_STATE_HOME/airlock/audit.jsonl, else ~/.local/state/airlock/audit.jsonl).")
        Path file;

        Path path() {
            return file != null ? file : AuditLog.defaultPath(System.getenv());
        }
    }

    static final class Filters {
        @Option(names = "--since", paramLabel = "TIME", converter = TimeSpec.class,
                description = "Only entries at or after TIME: an age (90s, 30m, 2h, 3d, 1w) or a local date/time (2026-11-24, 2026-11-24T10:00).")
        Instant since;

        @Option(names = "--until", paramLabel = "TIME", converter = TimeSpec.class, description = "Only entries before TIME (same forms as --since).")
        Instant until;

        @Option(names = "--decision", paramLabel = "allow|ask|deny", description = "Only commands with this decision.")
        Decision decision;

        @Option(names = "--approver", paramLabel = "WHO", description = "Only decisions by policy, console, tty or remembered.")
        String approver;

        @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
        String session;

        @Option(names = "--grep", paramLabel = "TEXT", description = "Only entries whose command, cwd, reasons or rules contain TEXT (case-sensitive).")
        String grep;

        @Option(names = "--limit", paramLabel = "N", description = "Only the last N matching entries (default: all).")
        int limit;

        Filter filter() {
            return new Filter(since, until, decision == null ? null : decision.name(), approver, session, grep);
        }
    }

    @SuppressWarnings("unused")
    enum Decision { allow, ask, deny }

    /** Reading goes on past a bad line; the person learns where it was. */
    static java.util.function.Consumer<String> warnings(PrintWriter err) {
        return w -> {
            err.println("airlock: " + w);
            err.flush();
        };
    }
}
