package dev.airlock.shell;

import java.util.List;

/** The pieces a word is made of. Only literal and quoted pieces are static; the rest expand at run time. */
public sealed interface WordPart {
    Pos pos();

    /** `abc`, `r\m`, `*.txt`: unquoted text as written, backslashes included. */
    record Lit(Pos pos, String raw) implements WordPart {}

    /** `'abc'` */
    record SingleQuoted(Pos pos, String value) implements WordPart {}

    /** `"a $b"`: literal parts inside keep their backslashes as written. */
    record DoubleQuoted(Pos pos, List<WordPart> parts) implements WordPart {
        public DoubleQuoted {
            parts = List.copyOf(parts);
        }
    }

    /** `$'a\tb'`: {@code raw} as written between the quotes, {@code value} decoded. */
    record AnsiC(Pos pos, String raw, String value) implements WordPart {}

    /**
     * `$x`, `${x}`, `${x:-word}`, `${#x}`, `${!x}`, `${x[1]}`: {@code prefix} is "", "#" or "!",
     * {@code op} the operator text ("" when none) and {@code arg} the word after it, or null.
     */
    record Param(Pos pos, String name, boolean braced, String prefix, Word index, String op, Word arg)
            implements WordPart {}

    /** `$(cmds)` or a backquoted `` `cmds` `` */
    record CommandSubst(Pos pos, List<Stmt> stmts, boolean backquoted) implements WordPart {
        public CommandSubst {
            stmts = List.copyOf(stmts);
        }
    }

    /** `$(( expr ))` */
    record ArithExpansion(Pos pos, Word expression) implements WordPart {}

    /** `<(cmds)` or `>(cmds)` when {@code output} */
    record ProcessSubst(Pos pos, boolean output, List<Stmt> stmts) implements WordPart {
        public ProcessSubst {
            stmts = List.copyOf(stmts);
        }
    }

    /** `(a b c)` on the right of an array assignment. */
    record ArrayLit(Pos pos, List<Word> elements) implements WordPart {
        public ArrayLit {
            elements = List.copyOf(elements);
        }
    }
}
