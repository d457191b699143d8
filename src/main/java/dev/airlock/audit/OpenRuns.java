package dev.airlock.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decisions that let a command run (`"outcome":"run"`) and have no result record yet, as the verifier
 * reads the chain. What is still open at the end is a lost result, unless the process that ran the
 * command is still alive (a command may run for days). Reads the few fields it needs from the
 * canonical bytes: parsing every record as JSON would make verify several times slower. A key such
 * as {@code "pid":} cannot occur inside a string value there: its quotes would be escaped.
 */
final class OpenRuns {
    /** Past this many open decisions the oldest are reported without waiting: memory stays bounded. */
    private static final int MAX_OPEN = 100_000;

    /** Where a decision is, and what tells whether the process that ran it still lives. */
    record Open(long seq, Path file, long line, long pid, String ts, boolean resident) {}

    private final Map<Long, Open> open = new LinkedHashMap<>();
    private final List<VerifyReport.Problem> lost = new ArrayList<>();

    private static final byte[] DECISION = bytes("\"event\":\"decision\"");
    private static final byte[] RESULT = bytes("\"event\":\"result\"");
    private static final byte[] RUN = bytes(",\"outcome\":\"run\"");
    private static final byte[] LOST = bytes("\"result_lost\":\"");
    private static final byte[] RESIDENT = bytes(",\"resident\":true");

    /** Reads one record of the chain (its bytes, as stored). */
    void accept(Path file, long line, long seq, byte[] b, int len) {
        Open d = decision(b, len);
        if (d != null) {
            open.put(seq, new Open(seq, file, line, d.pid(), d.ts(), d.resident()));
            if (open.size() > MAX_OPEN) {
                Iterator<Open> oldest = open.values().iterator();
                lost.add(problem(oldest.next(), "its result is not among the next " + MAX_OPEN + " decisions"));
                oldest.remove();
            }
            return;
        }
        long of = resultOf(b, len);
        if (of < 0) return;
        Open decided = open.remove(of);
        // A result that says how the command ended is unknown (its launcher vanished) is a loss too.
        if (find(b, len, LOST, len) >= 0) {
            Open where = decided != null ? decided : new Open(of, file, line, -1, "", true);
            lost.add(problem(where, text(b, len, "\"result_lost\":\"") + " (result record seq " + seq + ")"));
        }
    }

    /** The record as a decision that let its command run (seq, file and line left out); null for any other record. */
    Open decision(byte[] b, int len) {
        if (find(b, len, DECISION, 80) < 0 || find(b, len, RUN, len) < 0) return null;
        return new Open(-1, null, 0, number(b, len, "\"pid\":"), text(b, len, "\"ts\":\""),
                find(b, len, RESIDENT, len) >= 0);
    }

    /** The seq of the decision a result record belongs to; -1 for any other record. */
    long resultOf(byte[] b, int len) {
        return find(b, len, RESULT, 80) >= 0 ? number(b, len, "\"decision_seq\":") : -1;
    }

    /** The decisions left without a result whose process has ended, in log order. */
    List<VerifyReport.Problem> lost() {
        List<VerifyReport.Problem> out = new ArrayList<>(lost);
        for (Open o : open.values()) {
            if (!stillRunning(o)) {
                out.add(problem(o, (o.resident() ? "the launcher of the resident path (pid " : "airlock-sh (pid ")
                        + o.pid() + ") ended without writing it: killed, or the log could not be written then"));
            }
        }
        return out;
    }

    private static VerifyReport.Problem problem(Open o, String why) {
        return new VerifyReport.Problem(VerifyReport.Kind.RESULT_LOST, o.file(), o.line(), o.seq(),
                "the decision says the command ran, and how it ended is not recorded: " + why);
    }

    private static boolean stillRunning(Open o) {
        try {
            return running(o.pid(), Instant.parse(o.ts()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The process {@code pid} that wrote a decision at {@code decided} is alive: alive, and started
     * before the decision was written; a process that got its pid later is another one.
     */
    static boolean running(long pid, Instant decided) {
        if (pid <= 0 || decided == null) return false;
        // /proc gives start times in clock ticks: allow for their rounding.
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(p -> p.info().startInstant())
                .map(start -> !start.isAfter(decided.plusSeconds(1))).orElse(false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int find(byte[] b, int len, byte[] what, int within) {
        int limit = Math.min(len, within) - what.length;
        for (int i = 0; i <= limit; i++) {
            if (java.util.Arrays.equals(b, i, i + what.length, what, 0, what.length)) return i;
        }
        return -1;
    }

    private static long number(byte[] b, int len, String key) {
        int at = find(b, len, bytes(key), len);
        if (at < 0) return -1;
        long n = 0;
        int i = at + key.length();
        int start = i;
        while (i < len && i - start < 18 && b[i] >= '0' && b[i] <= '9') n = n * 10 + (b[i++] - '0');
        return i == start ? -1 : n;
    }

    private static String text(byte[] b, int len, String key) {
        int at = find(b, len, bytes(key), len);
        if (at < 0) return "";
        int start = at + key.length();
        int end = start;
        while (end < len && b[end] != '"') end++;
        return new String(b, start, end - start, StandardCharsets.US_ASCII);
    }
}
