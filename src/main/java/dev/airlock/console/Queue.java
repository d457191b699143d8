package dev.airlock.console;

import java.util.ArrayList;
import java.util.List;

/** Pending requests oldest first, and the answered ones for the history; the UI thread is told of changes. */
final class Queue {
    private final List<Pending> pending = new ArrayList<>();
    private final List<Pending> done = new ArrayList<>();
    private Runnable onChange = () -> { };

    synchronized void onChange(Runnable r) {
        onChange = r;
    }

    void add(Pending p) {
        Runnable r;
        synchronized (this) {
            pending.add(p);
            r = onChange;
        }
        r.run();
    }

    /** Moves requests that were answered or withdrawn to the history. */
    void settle() {
        synchronized (this) {
            for (Pending p : List.copyOf(pending)) {
                if (p.state() != Pending.State.WAITING) {
                    pending.remove(p);
                    done.add(0, p);
                }
            }
            while (done.size() > 50) {
                done.remove(done.size() - 1);
            }
        }
    }

    synchronized List<Pending> pending() {
        return List.copyOf(pending);
    }

    synchronized List<Pending> history() {
        return List.copyOf(done);
    }

    void changed() {
        Runnable r;
        synchronized (this) {
            r = onChange;
        }
        r.run();
    }
}
