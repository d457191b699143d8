package dev.airlock.integrations;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What setup changes in one configuration file. Each method gets the file's text, empty when the file
 * does not exist, and never touches the disk: {@link Setup} reads, backs up and writes.
 */
public sealed interface Edit permits JsonEdit, ShellFunction {
    Path file();

    /** What applying would change; empty when the file already has it (apply is then a no-op). */
    List<Change> plan(Optional<String> text) throws ConfigException;

    /** The file's new text with the edit in place. */
    String apply(Optional<String> text) throws ConfigException;

    /**
     * The file's text with the edit taken out again: values airlock replaced come back from the
     * backup (the file before the last apply), keys airlock added go. Empty: delete the file.
     */
    Undone undo(Optional<String> text, Optional<String> backup) throws ConfigException;

    /** True when the edit is in place. */
    default boolean applied(Optional<String> text) throws ConfigException {
        return plan(text).isEmpty();
    }
}
