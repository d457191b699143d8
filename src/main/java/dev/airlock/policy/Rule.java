package dev.airlock.policy;

import java.util.List;

/**
 * One policy rule: when {@code match} holds for a command, the decision applies, with the reason a
 * person reads. {@code origin} says where it was defined (`default.json:120:5`).
 */
public record Rule(String id, Decision decision, String reason, Matcher match, List<String> examplesMatch,
        List<String> examplesNoMatch, String origin, String layer) {

    public Rule {
        examplesMatch = List.copyOf(examplesMatch);
        examplesNoMatch = List.copyOf(examplesNoMatch);
    }

    /** Rules about a program or a kind of command word; the user layer may override them. */
    public boolean aboutProgram() {
        return match.program() != null || match.kind() != null;
    }
}
