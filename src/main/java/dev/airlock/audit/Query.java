package dev.airlock.audit;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Consumer;

/** The review pipeline: read across files, join results to decisions, filter, keep the last N. */
public final class Query {
    private Query() {}

    /**
     * Streams the matching entries to {@code out}, oldest first. With {@code limit} > 0 only the last
     * {@code limit} matches are emitted, which holds that many entries in memory.
     */
    public static void run(Path log, Filter filter, int limit, Consumer<Entry> out, Consumer<String> warn) throws AuditException {
        ArrayDeque<Entry> last = new ArrayDeque<>();
        Consumer<Entry> sink = limit > 0 ? e -> {
            last.add(e);
            if (last.size() > limit) last.poll();
        } : out;
        Joiner joiner = new Joiner(e -> {
            if (filter.test(e)) sink.accept(e);
        });
        AuditReader.read(log, joiner, warn);
        joiner.finish();
        last.forEach(out);
    }

    /** The record with this seq and the record it joins with (its result, or its decision). */
    public record Shown(StoredRecord record, StoredRecord partner) {}

    public static Optional<Shown> show(Path log, long seq, Consumer<String> warn) throws AuditException {
        StoredRecord[] found = new StoredRecord[2];
        AuditReader.read(log, r -> {
            if (found[0] == null) {
                if (r.seq() == seq) found[0] = r;
            } else if (found[1] == null && "decision".equals(found[0].event()) && "result".equals(r.event())) {
                Long d = r.number(AuditRecord.DECISION_SEQ);
                if (d != null ? d == seq : sameCommand(found[0], r)) found[1] = r;
            }
        }, warn);
        if (found[0] == null) return Optional.empty();
        Long d = found[0].number(AuditRecord.DECISION_SEQ);
        if ("result".equals(found[0].event()) && d != null) {
            StoredRecord[] decision = new StoredRecord[1];
            AuditReader.read(log, r -> {
                if (decision[0] == null && r.seq() == d) decision[0] = r;
            }, x -> { });
            return Optional.of(new Shown(found[0], decision[0]));
        }
        return Optional.of(new Shown(found[0], found[1]));
    }

    private static boolean sameCommand(StoredRecord decision, StoredRecord result) {
        return java.util.Objects.equals(decision.text("session"), result.text("session"))
                && java.util.Objects.equals(decision.number("pid"), result.number("pid"))
                && java.util.Objects.equals(decision.text("command"), result.text("command"));
    }
}
