package dev.airlock.exec;

import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditRecord;
import dev.airlock.audit.Unfinished;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the resident path's launcher hands to airlock-sh's JVM when the resident server ended in the
 * middle of a command (bin/resident.sh), so that its decision record does not stay without a result:
 * <ul>
 * <li>{@value #RESULT}{@code =SEQ STATUS MS}: the command of decision SEQ ran and ended so; the server
 * could not take its result. The JVM writes it and exits with STATUS, running nothing.</li>
 * <li>{@value #UNANSWERED}{@code =1}: the server ended before its answer was whole, after it may have
 * written a decision. Such a decision gets a result saying the command was not run there, and the JVM
 * then decides as always.</li>
 * </ul>
 * Only decisions of this very process (the launcher's pid, kept by its `exec` of the JVM, started
 * before them) are completed, and only when they have no result yet.
 */
final class ResidentHandOver {
    static final String RESULT = "AIRLOCK_RESIDENT_RESULT";
    static final String UNANSWERED = "AIRLOCK_RESIDENT_UNANSWERED";

    private ResidentHandOver() {}

    /** Writes the result the launcher reports and returns the command's status. */
    static int recordResult(Map<String, String> env, PrintStream err, long pid) {
        String[] f = env.get(RESULT).strip().split(" "); // EnvSettings checked the form
        long seq = Long.parseLong(f[0]);
        int status = Integer.parseInt(f[1]);
        long millis = Long.parseLong(f[2]);
        try (AuditLog log = AuditLog.open(AuditLog.defaultPath(env))) {
            for (Unfinished.Decision d : unfinished(log, pid)) {
                if (d.seq() != seq) {
                    continue;
                }
                Map<String, Object> extra = extra(d);
                if (status > 128 && status < 160) {
                    extra.put("signal", Signals.name(status - 128));
                }
                extra.put("result_by", "airlock-sh: the resident server ended while the command ran");
                log.append(AuditRecord.result(d.session(), pid, d.cwd(), d.command(), seq, status, millis, extra));
            }
        } catch (AuditException e) {
            err.println("airlock: the command ran (exit " + status + "), but its result could not be written to the"
                    + " audit log: " + e.getMessage());
        }
        return status;
    }

    /** Closes a decision the server may have written before it ended without answering. */
    static void closeUnanswered(Map<String, String> env, PrintStream err, long pid) {
        try (AuditLog log = AuditLog.open(AuditLog.defaultPath(env))) {
            for (Unfinished.Decision d : unfinished(log, pid)) {
                Map<String, Object> extra = extra(d);
                extra.put("not_run", "the resident server ended before its answer reached airlock-sh, which decided again");
                log.append(AuditRecord.result(d.session(), pid, d.cwd(), d.command(), d.seq(), Refusal.EXIT, 0, extra));
            }
        } catch (AuditException e) {
            // The decision that follows cannot be written either, and refuses the command saying why.
        }
    }

    private static List<Unfinished.Decision> unfinished(AuditLog log, long pid) throws AuditException {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        return Unfinished.of(log.path(), pid, started);
    }

    private static Map<String, Object> extra(Unfinished.Decision d) {
        Map<String, Object> extra = new HashMap<>();
        extra.put("agent", d.agent());
        extra.put("resident", true);
        return extra;
    }
}
