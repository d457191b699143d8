package dev.airlock.audit;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * What a review asks for. Null fields match everything. Time bounds apply to the entry's first record;
 * {@code grep} is a case-sensitive substring of the command, cwd, reasons or rules.
 */
public record Filter(Instant since, Instant until, String decision, String approver, String session, String grep)
        implements Predicate<Entry> {

    public static final Filter ALL = new Filter(null, null, null, null, null, null);

    @Override
    public boolean test(Entry e) {
        Instant ts = since != null || until != null ? e.ts() : null;
        if (since != null && (ts == null || ts.isBefore(since))) return false;
        if (until != null && (ts == null || !ts.isBefore(until))) return false;
        if (decision != null && !decision.equals(e.decision())) return false;
        if (approver != null && !approver.equals(e.approver())) return false;
        if (session != null && !session.equals(e.session())) return false;
        if (grep != null) {
            StoredRecord f = e.first();
            return contains(f.text("command")) || contains(f.text("cwd")) || contains(f.text("reasons")) || contains(f.text("rules"));
        }
        return true;
    }

    private boolean contains(String s) {
        return s != null && s.contains(grep);
    }
}
