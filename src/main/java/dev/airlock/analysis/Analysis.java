package dev.airlock.analysis;

import dev.airlock.shell.ParseError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that would run for one command text. {@code feeds} maps an invocation id to the ids
 * whose input or arguments its output reaches (pipes, substitutions, process substitutions).
 * When the text does not parse, {@code error} is set and the list is empty.
 */
public record Analysis(String text, List<Invocation> invocations, Map<Integer, Set<Integer>> feeds,
        Optional<ParseError> error, Optional<String> limit) {

    public Analysis {
        invocations = List.copyOf(invocations);
        feeds = Map.copyOf(feeds);
    }

    public static Analysis failed(String text, ParseError error) {
        return new Analysis(text, List.of(), Map.of(), Optional.of(error), Optional.empty());
    }
}
