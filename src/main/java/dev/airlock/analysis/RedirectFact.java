package dev.airlock.analysis;

import dev.airlock.shell.Pos;

/** A redirection of one invocation: whether it writes, and what its target is. */
public record RedirectFact(Pos pos, String operator, boolean writes, Arg target) {
    /** The redirection as words after quote removal, `> f.txt`; a target known only at run time shows its source. */
    public String words() {
        return operator + " " + (target.value() != null ? target.value() : target.source());
    }
}
