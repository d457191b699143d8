package dev.airlock.shell;

import java.util.List;

/** `! cmd >a <b &`: a command with its negation, redirections and background flag. */
public record Stmt(Pos pos, Command command, boolean negated, boolean background, List<Redirect> redirects) {
    public Stmt {
        redirects = List.copyOf(redirects);
    }
}
