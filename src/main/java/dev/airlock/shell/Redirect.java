package dev.airlock.shell;

/**
 * `2>file`, `&>log`, `{fd}>x`, `<<EOF` ...: {@code fd} is the explicit descriptor text ("2", "{fd}") or null.
 * For here-documents and here-strings {@code target} is the delimiter or the string, and {@code hereDoc} the body.
 */
public record Redirect(Pos pos, String fd, Op op, Word target, HereDoc hereDoc) {

    /** Redirection operators. */
    public enum Op {
        OUT(">"), APPEND(">>"), CLOBBER(">|"), IN("<"), READ_WRITE("<>"), DUP_OUT(">&"), DUP_IN("<&"),
        OUT_ALL("&>"), APPEND_ALL("&>>"), HEREDOC("<<"), HEREDOC_STRIP("<<-"), HERESTRING("<<<");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** True when the operator can create or change a file (before looking at the target). */
        public boolean writes() {
            return switch (this) {
                case OUT, APPEND, CLOBBER, READ_WRITE, OUT_ALL, APPEND_ALL, DUP_OUT -> true;
                default -> false;
            };
        }
    }
}
