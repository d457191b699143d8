package dev.airlock.policy;

import dev.airlock.sandbox.Profile;
import java.util.List;

/**
 * One policy rule: when {@code match} holds for a command, the decision applies, with the reason a
 * person reads. {@code origin} says where it was defined (`default.json:120:5`). {@code sandbox}, when
 * not null, is the profile the command may run in without a question wherever a sandbox can be had
 * (an `ask` rule with `read-only` then runs confined instead of asking); null keeps the defaults.
 */
public record Rule(String id, Decision decision, String reason, Matcher match, List<String> examplesMatch,
        List<String> examplesNoMatch, String origin, String layer, Profile sandbox) {

    public Rule {
        examplesMatch = List.copyOf(examplesMatch);
        examplesNoMatch = List.copyOf(examplesNoMatch);
    }

    /** Rules about a program or a kind of command word; the user layer may override them. */
    public boolean aboutProgram() {
        return match.program() != null || match.kind() != null;
    }
}
