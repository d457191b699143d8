package dev.airlock.audit;

import java.time.Instant;

/**
 * One row of a review: a decision joined with the result of the command it let run, or any other
 * record on its own. {@code result} is null for a command that was denied, is still running, or whose
 * process died; {@code first} is a result itself when its decision was not found.
 */
public record Entry(StoredRecord first, StoredRecord result) {

    public long seq() {
        return first.seq();
    }

    public Instant ts() {
        return first.ts();
    }

    public String event() {
        return first.event();
    }

    public boolean isCommand() {
        return "decision".equals(event()) || "result".equals(event());
    }

    public String session() {
        return first.text("session");
    }

    public String command() {
        return first.text("command");
    }

    public String decision() {
        return first.text("decision");
    }

    public String approver() {
        return first.text("approver");
    }

    /** The outcome's record: the joined result, or the first record when it is a result. */
    public StoredRecord outcome() {
        return result != null ? result : "result".equals(event()) ? first : null;
    }

    public Long exit() {
        StoredRecord o = outcome();
        return o == null ? null : o.number("exit");
    }

    public Long durationMs() {
        StoredRecord o = outcome();
        return o == null ? null : o.number("duration_ms");
    }

    /** The program a command ran: its first word after leading {@code NAME=value} assignments. */
    public String program() {
        String c = command();
        if (c == null) return null;
        for (String w : c.trim().split("\\s+")) {
            if (w.isEmpty() || w.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) continue;
            return w;
        }
        return null;
    }
}
