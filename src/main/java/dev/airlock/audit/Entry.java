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

    /**
     * What became of the question when the policy asked a person: `approved`, `denied`, `timed out`,
     * `withdrawn`, `no approver`, or `confined` when it ran read-only instead; null when nobody was asked (or a hook only passed the question on).
     * Records written before decisions carried `answer` are read from `outcome`, `approver` and `note`.
     */
    public String answer() {
        if (!"decision".equals(event()) || !"ask".equals(decision())) return null;
        // Nobody was asked: it ran in a read-only sandbox instead (docs/sandbox.md).
        if ("sandbox".equals(approver())) return "confined";
        String answer = first.text("answer");
        if (answer != null) return answer;
        String outcome = first.text("outcome");
        if ("run".equals(outcome)) return "approved";
        if (!"refused".equals(outcome)) return null;
        String note = first.text("note");
        if ("none".equals(approver())) return "no approver";
        if (note != null && note.startsWith("no answer within")) return "timed out";
        if (note != null && note.startsWith("withdrawn")) return "withdrawn";
        return "denied";
    }

    /** The decision as a reviewer reads it: `allow`, `deny`, `ask→approved`, `ask→timed out`, ... (`ask` alone when nobody was asked). */
    public String shownDecision() {
        if (!"decision".equals(event())) return event();
        String answer = answer();
        return answer == null ? decision() : decision() + "→" + answer;
    }

    /**
     * Who or what settled a command, for stats: `policy`, `remembered` (a rule saved with "approve
     * always"), or the answer to the question.
     */
    public String settledBy() {
        if (!"decision".equals(event())) return null;
        String answer = answer();
        if (answer != null) return answer;
        if ("remembered".equals(approver())) return "remembered";
        return "ask".equals(decision()) ? "asked" : "policy";
    }

    /** The outcome's record: the joined result, or the first record when it is a result. */
    public StoredRecord outcome() {
        return result != null ? result : "result".equals(event()) ? first : null;
    }

    /**
     * Why the result of a command that ran is lost; null when it has a result, did not run, or its
     * process still runs. A result record may itself say it is lost ({@code result_lost}: the
     * resident server's launcher ended without reporting the command's end).
     */
    public String resultLost() {
        if (!"decision".equals(event()) || !"run".equals(first.text("outcome"))) return null;
        if (result != null) return result.text("result_lost");
        Long pid = first.number("pid");
        if (pid != null && OpenRuns.running(pid, ts())) return null;
        return "no result record, and the process that ran it (pid " + pid + ") is gone: killed, or the log could"
                + " not be written then";
    }

    public Long exit() {
        StoredRecord o = outcome();
        return o == null ? null : o.number("exit");
    }

    public Long durationMs() {
        StoredRecord o = outcome();
        return o == null ? null : o.number("duration_ms");
    }

    private static boolean isAssignment(String c, int start, int end) {
        int eq = c.indexOf('=', start);
        if (eq <= start || eq >= end) return false;
        for (int k = start; k < eq; k++) {
            char ch = c.charAt(k);
            if (!(ch == '_' || Character.isLetter(ch) || (k > start && Character.isDigit(ch)))) return false;
        }
        return true;
    }

    /** The program a command ran: its first word after leading {@code NAME=value} assignments. */
    public String program() {
        String c = command();
        if (c == null) return null;
        int i = 0;
        int n = c.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(c.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(c.charAt(i))) i++;
            if (start == i) break;
            if (!isAssignment(c, start, i)) return c.substring(start, i);
        }
        return null;
    }
}
