package dev.airlock.shell;

import java.util.List;

/** The pieces a word is made of. Only literal and quoted pieces are static; the rest expand at run time. */
public sealed interface WordPart {
    Pos pos();

    /** Calls the visitor's method for this kind of part. */
    <R> R accept(Visitor<R> v);

    /** One method per kind of part; see {@link Command.Visitor} for why a new kind cannot be missed. */
    interface Visitor<R> {
        R visitLit(Lit p);
        R visitSingleQuoted(SingleQuoted p);
        R visitDoubleQuoted(DoubleQuoted p);
        R visitAnsiC(AnsiC p);
        R visitParam(Param p);
        R visitCommandSubst(CommandSubst p);
        R visitArithExpansion(ArithExpansion p);
        R visitProcessSubst(ProcessSubst p);
        R visitArrayLit(ArrayLit p);
    }

    /** A visitor that handles only some kinds; every other kind gets {@link #otherwise}, which must fail closed. */
    abstract class Partial<R> implements Visitor<R> {
        /** The answer for every kind this visitor does not handle: dynamic, unknown, not recognised. */
        protected abstract R otherwise(WordPart p);

        @Override
        public R visitLit(Lit p) {
            return otherwise(p);
        }

        @Override
        public R visitSingleQuoted(SingleQuoted p) {
            return otherwise(p);
        }

        @Override
        public R visitDoubleQuoted(DoubleQuoted p) {
            return otherwise(p);
        }

        @Override
        public R visitAnsiC(AnsiC p) {
            return otherwise(p);
        }

        @Override
        public R visitParam(Param p) {
            return otherwise(p);
        }

        @Override
        public R visitCommandSubst(CommandSubst p) {
            return otherwise(p);
        }

        @Override
        public R visitArithExpansion(ArithExpansion p) {
            return otherwise(p);
        }

        @Override
        public R visitProcessSubst(ProcessSubst p) {
            return otherwise(p);
        }

        @Override
        public R visitArrayLit(ArrayLit p) {
            return otherwise(p);
        }
    }

    /** `abc`, `r\m`, `*.txt`: unquoted text as written, backslashes included. */
    record Lit(Pos pos, String raw) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLit(this);
        }
    }

    /** `'abc'` */
    record SingleQuoted(Pos pos, String value) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitSingleQuoted(this);
        }
    }

    /** `"a $b"`: literal parts inside keep their backslashes as written. */
    record DoubleQuoted(Pos pos, List<WordPart> parts) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitDoubleQuoted(this);
        }

        public DoubleQuoted {
            parts = List.copyOf(parts);
        }
    }

    /** `$'a\tb'`: {@code raw} as written between the quotes, {@code value} decoded. */
    record AnsiC(Pos pos, String raw, String value) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitAnsiC(this);
        }
    }

    /**
     * `$x`, `${x}`, `${x:-word}`, `${#x}`, `${!x}`, `${x[1]}`: {@code prefix} is "", "#" or "!",
     * {@code op} the operator text ("" when none) and {@code arg} the word after it, or null.
     */
    record Param(Pos pos, String name, boolean braced, String prefix, Word index, String op, Word arg)
            implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitParam(this);
        }
    }

    /** `$(cmds)` or a backquoted `` `cmds` `` */
    record CommandSubst(Pos pos, List<Stmt> stmts, boolean backquoted) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCommandSubst(this);
        }

        public CommandSubst {
            stmts = List.copyOf(stmts);
        }
    }

    /** `$(( expr ))` */
    record ArithExpansion(Pos pos, Word expression) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitArithExpansion(this);
        }
    }

    /** `<(cmds)` or `>(cmds)` when {@code output} */
    record ProcessSubst(Pos pos, boolean output, List<Stmt> stmts) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitProcessSubst(this);
        }

        public ProcessSubst {
            stmts = List.copyOf(stmts);
        }
    }

    /** `(a b c)` on the right of an array assignment. */
    record ArrayLit(Pos pos, List<Word> elements) implements WordPart {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitArrayLit(this);
        }

        public ArrayLit {
            elements = List.copyOf(elements);
        }
    }
}
