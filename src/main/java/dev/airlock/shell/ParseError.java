package dev.airlock.shell;

/**
 * Why a text is not a complete command: {@link Kind#INCOMPLETE} when more input could finish it
 * (an open quote, `if` without `fi`, a trailing `&&`, an unterminated here-document), else a syntax error.
 */
public final class ParseError extends Exception {
    public enum Kind { INCOMPLETE, SYNTAX }

    private final Kind kind;
    private final Pos pos;
    private final String reason;

    public ParseError(Kind kind, Pos pos, String reason) {
        super(pos + ": " + reason, null, false, false);
        this.kind = kind;
        this.pos = pos;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    public Pos pos() {
        return pos;
    }

    public String reason() {
        return reason;
    }

    public boolean incomplete() {
        return kind == Kind.INCOMPLETE;
    }
}
