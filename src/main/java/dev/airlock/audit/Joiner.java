package dev.airlock.audit;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Joins each result record to its decision and emits entries in the order of their first record.
 *
 * <p>The join key is the result's {@code decision_seq} (the seq {@link AuditLog#append} returned for
 * the decision). A result without one is joined to the latest waiting decision of the same session,
 * pid and command. A decision waits for its result at most {@link #WINDOW} records; past that it is
 * emitted without one, which keeps memory bounded when results never come (a killed process). A
 * decision whose outcome says nothing ran does not wait.
 */
public final class Joiner implements Consumer<StoredRecord> {
    static final int WINDOW = 1_000;

    private static final class Slot {
        final StoredRecord first;
        StoredRecord result;
        boolean waiting;

        Slot(StoredRecord first, boolean waiting) {
            this.first = first;
            this.waiting = waiting;
        }
    }

    private final Consumer<Entry> out;
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    private final Map<Long, Slot> bySeq = new HashMap<>();

    public Joiner(Consumer<Entry> out) {
        this.out = out;
    }

    @Override
    public void accept(StoredRecord r) {
        if ("result".equals(r.event())) {
            Slot s = decisionOf(r);
            if (s != null) {
                s.result = r;
                s.waiting = false;
                bySeq.remove(s.first.seq());
                drain();
                return;
            }
        }
        boolean waits = "decision".equals(r.event()) && !"deny".equals(r.text("decision")) && mayRun(r);
        Slot slot = new Slot(r, waits);
        queue.add(slot);
        if (waits) bySeq.put(r.seq(), slot);
        while (queue.size() > WINDOW) emit(queue.poll());
        drain();
    }

    /** Emits what is still waiting; call once at the end of the stream. */
    public void finish() {
        while (!queue.isEmpty()) emit(queue.poll());
    }

    /**
     * A decision gets a result only when its command ran: not when a person or the approval channel
     * refused it ({@code outcome} "refused"), nor for a hook's answer, where airlock ran nothing
     * ("answered"). Waiting for those would hold back every later entry until the window ends.
     */
    private static boolean mayRun(StoredRecord decision) {
        String outcome = decision.text("outcome");
        return outcome == null || outcome.equals("run");
    }

    private Slot decisionOf(StoredRecord result) {
        Long d = result.number(AuditRecord.DECISION_SEQ);
        if (d != null) return bySeq.get(d);
        Slot match = null;
        for (Slot s : queue) {
            if (s.waiting && Objects.equals(s.first.text("session"), result.text("session"))
                    && Objects.equals(s.first.number("pid"), result.number("pid"))
                    && Objects.equals(s.first.text("command"), result.text("command"))) {
                match = s;
            }
        }
        return match;
    }

    private void drain() {
        while (!queue.isEmpty() && !queue.peek().waiting) emit(queue.poll());
    }

    private void emit(Slot s) {
        if (s.waiting) bySeq.remove(s.first.seq());
        out.accept(new Entry(s.first, s.result));
    }
}
