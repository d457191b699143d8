package dev.airlock.analysis;

import dev.airlock.shell.Pos;
import java.util.Set;

/**
 * One argument as the program will see it: {@code value} after quote removal and known expansions,
 * or null when it depends on run-time expansion. {@code classes} says what it points at when read as a path.
 */
public record Arg(String value, String source, Pos pos, boolean glob, Set<PathClass> classes) {
    public Arg {
        classes = Set.copyOf(classes);
    }

    public boolean dynamic() {
        return value == null;
    }

    public boolean isFlag() {
        return value != null && value.length() > 1 && value.startsWith("-");
    }
}
