package dev.airlock.integrations;

import java.util.List;

/** How setup guards one agent: the file edit, a one-line name for the mechanism, and what to know about it. */
public record Guard(Agent agent, Edit edit, String mechanism, List<String> notes) {
    public Guard {
        notes = List.copyOf(notes);
    }
}
