package dev.airlock.policy;

import java.util.Set;

/**
 * How to read one program's arguments: global options that take a value (so `git -C dir status`
 * has subcommand `status`), and whether single-dash words are long options (`find -delete`).
 */
public record ProgramSpec(Set<String> valueOptions, boolean singleDashLong) {
    public ProgramSpec {
        valueOptions = Set.copyOf(valueOptions);
    }

    public static final ProgramSpec DEFAULT = new ProgramSpec(Set.of(), false);
}
