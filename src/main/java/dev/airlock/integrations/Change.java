package dev.airlock.integrations;

import java.nio.file.Path;

/** One change setup makes: in this file, this key (or block) goes from the old value to the new one. */
public record Change(Path file, String key, String oldValue, String newValue) {
    /** How a missing value is shown. */
    public static final String UNSET = "(unset)";

    public String describe() {
        return key + ": " + oldValue + " -> " + newValue;
    }
}
