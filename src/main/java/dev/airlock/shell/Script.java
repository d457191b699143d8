package dev.airlock.shell;

import java.util.List;

/** A whole command text: statements separated by `;`, `&` or newlines. */
public record Script(List<Stmt> stmts) {
    public Script {
        stmts = List.copyOf(stmts);
    }
}
