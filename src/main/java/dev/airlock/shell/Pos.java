package dev.airlock.shell;

/** A place in the source text: 0-based offset, 1-based line and column. */
public record Pos(int offset, int line, int col) {
    public static final Pos NONE = new Pos(0, 0, 0);

    @Override
    public String toString() {
        return line + ":" + col;
    }
}
