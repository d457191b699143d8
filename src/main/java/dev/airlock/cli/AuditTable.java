package dev.airlock.cli;

import dev.airlock.audit.Entry;
import dev.airlock.audit.StoredRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Rows for people: time (local), seq, session, decision, approver, exit, command cut to the terminal
 * width. Control characters in commands are shown escaped, so a logged command cannot drive the
 * reviewer's terminal.
 */
final class AuditTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final int width;
    private final boolean colour;
    private final ZoneId zone;

    AuditTable(int width, boolean colour, ZoneId zone) {
        this.width = width;
        this.colour = colour;
        this.zone = zone;
    }

    /** COLUMNS or 120; colour only on a terminal and when NO_COLOR is unset. */
    static AuditTable forTerminal() {
        int w = 120;
        try {
            String c = System.getenv("COLUMNS");
            if (c != null) w = Math.max(40, Integer.parseInt(c.trim()));
        } catch (NumberFormatException e) {
            // keep the default
        }
        // System.console() is non-null only when stdin and stdout are both terminals: never for a pipe.
        boolean tty = System.console() != null;
        String noColor = System.getenv("NO_COLOR");
        return new AuditTable(w, tty && (noColor == null || noColor.isEmpty()), ZoneId.systemDefault());
    }

    String header() {
        return row("TIME", "SEQ", "SESSION", "DECISION", "APPROVER", "EXIT", "COMMAND", null);
    }

    String row(Entry e) {
        String decision = e.isCommand() && e.decision() != null ? e.shownDecision() : e.event();
        Long exit = e.exit();
        String lost = e.resultLost();
        String command = describe(e.first());
        if (lost != null) command = command + "  # result lost: " + lost;
        return row(time(e.ts()), Long.toString(e.seq()), e.session(), decision, e.approver(),
                lost != null ? "lost" : exit == null ? "-" : exit.toString(), command, colourKey(e));
    }

    /** Green for what ran, red for what was refused, yellow for a question not (yet) answered. */
    private static String colourKey(Entry e) {
        if (!e.isCommand() || e.decision() == null) return e.event();
        String answer = e.answer();
        if (answer == null) return e.decision();
        return answer.equals("approved") || answer.equals("confined") ? "allow" : "deny";
    }

    /** A single record, for tail: results show their exit under the decision they belong to. */
    String row(StoredRecord r) {
        String event = r.event();
        String decision = "decision".equals(event) ? new Entry(r, null).shownDecision() : event;
        Long exit = r.number("exit");
        return row(time(r.ts()), Long.toString(r.seq()), r.text("session"), decision, r.text("approver"),
                exit == null ? "-" : exit.toString(), describe(r), colourKey(new Entry(r, null)));
    }

    private static String describe(StoredRecord r) {
        String c = r.text("command");
        if (c != null) return c;
        String found = r.text("found");
        return found == null ? "" : "(" + found + ")";
    }

    private String row(String time, String seq, String session, String decision, String approver, String exit,
            String command, String colourKey) {
        String fixed = String.format("%-19s %7s %-12s %-15s %-10s %4s ", time, seq, cut(session, 12), cut(decision, 15),
                cut(approver, 10), cut(exit, 4));
        String cmd = cut(escape(command), Math.max(10, width - fixed.length()));
        if (!colour || colourKey == null) return fixed + cmd;
        String code = switch (colourKey) {
            case "allow" -> "32";
            case "ask" -> "33";
            case "deny" -> "31";
            default -> null;
        };
        if (code == null && !"-".equals(exit) && !"0".equals(exit)) code = "31";
        return code == null ? fixed + cmd : "\u001b[" + code + "m" + fixed + "\u001b[0m" + cmd;
    }

    private String time(Instant ts) {
        return ts == null ? "?" : TIME.format(ts.atZone(zone));
    }

    static String cut(String s, int max) {
        if (s == null) return "-";
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** Shows control characters as escapes: a logged command must not move the reviewer's cursor. */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') b.append("\\n");
            else if (c == '\t') b.append("\\t");
            else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
