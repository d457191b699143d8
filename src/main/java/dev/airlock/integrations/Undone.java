package dev.airlock.integrations;

import java.util.List;
import java.util.Optional;

/** A file's text after undo (empty: the file goes) and what changed. */
public record Undone(Optional<String> text, List<Change> changes) {
    public Undone {
        changes = List.copyOf(changes);
    }
}
