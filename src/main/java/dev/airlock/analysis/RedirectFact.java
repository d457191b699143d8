package dev.airlock.analysis;

import dev.airlock.shell.Pos;

/** A redirection of one invocation: whether it writes, and what its target is. */
public record RedirectFact(Pos pos, String operator, boolean writes, Arg target) {}
