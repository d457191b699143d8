package dev.airlock.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Counts over entries for {@code airlock audit stats}. Memory grows with the number of distinct
 * sessions and programs, not with the number of records.
 */
public final class Stats implements Consumer<Entry> {
    private final Map<String, Long> decisions = new TreeMap<>();
    private final Map<String, Long> approvers = new TreeMap<>();
    private final Map<String, Long> settled = new TreeMap<>();
    private final Map<String, Long> events = new TreeMap<>();
    private final Map<String, Long> asked = new HashMap<>();
    private final Map<String, Long> denied = new HashMap<>();
    private final Map<String, Long> failedPrograms = new HashMap<>();
    private final Map<String, Long> perSession = new HashMap<>();
    private final Histogram waits = new Histogram();
    private long commands;
    private long withResult;
    private long failures;

    @Override
    public void accept(Entry e) {
        events.merge(e.event() == null ? "?" : e.event(), 1L, Long::sum);
        if (!e.isCommand()) return;
        commands++;
        if (e.session() != null) perSession.merge(e.session(), 1L, Long::sum);
        if ("decision".equals(e.event())) {
            String d = e.decision() == null ? "?" : e.decision();
            decisions.merge(d, 1L, Long::sum);
            if (e.approver() != null) approvers.merge(e.approver(), 1L, Long::sum);
            settled.merge(e.settledBy(), 1L, Long::sum);
            String program = e.program();
            if (program != null && d.equals("ask")) asked.merge(program, 1L, Long::sum);
            if (program != null && d.equals("deny")) denied.merge(program, 1L, Long::sum);
            Long wait = e.first().number("wait_ms");
            if (wait != null) waits.add(wait);
        }
        Long exit = e.exit();
        if (exit != null) {
            withResult++;
            if (exit != 0) {
                failures++;
                if (e.program() != null) failedPrograms.merge(e.program(), 1L, Long::sum);
            }
        }
    }

    public long commands() {
        return commands;
    }

    /** A readable report, one fact per line. */
    public List<String> report(int top) {
        List<String> out = new ArrayList<>();
        out.add("commands: " + commands + " (" + withResult + " with a result, " + failures + " failed with a non-zero exit)");
        out.add("by decision: " + counts(decisions));
        out.add("by approver: " + counts(approvers));
        out.add("by outcome: " + counts(settled));
        if (events.size() > 1 || !events.containsKey("decision")) out.add("records by event: " + counts(events));
        out.add("top asked programs: " + top(asked, top));
        out.add("top denied programs: " + top(denied, top));
        out.add("top failing programs: " + top(failedPrograms, top));
        if (waits.count() > 0) {
            out.add("approval wait: p50 " + waits.quantile(0.5) + " ms, p95 " + waits.quantile(0.95) + " ms (" + waits.count() + " waits)");
        } else {
            out.add("approval wait: no records carry wait_ms");
        }
        if (!perSession.isEmpty()) {
            List<Long> sizes = new ArrayList<>(perSession.values());
            sizes.sort(null);
            out.add("sessions: " + sizes.size() + ", commands per session: min " + sizes.get(0) + ", median "
                    + sizes.get((sizes.size() - 1) / 2) + ", max " + sizes.get(sizes.size() - 1));
            out.add("busiest sessions: " + top(perSession, top));
        }
        return out;
    }

    private static String counts(Map<String, Long> m) {
        if (m.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }

    private static String top(Map<String, Long> m, int n) {
        if (m.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        m.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
        return b.toString();
    }
}
