package dev.airlock.shell;

import java.util.Objects;

/**
 * The body of a here-document. The body follows the line that holds the `<<` operator, so the parser
 * creates this holder when it meets the operator and fills it once at the next newline; it is never
 * changed after parsing ends, and equality is by content.
 */
public final class HereDoc {
    private final String delimiter;
    private final boolean quoted;
    private Word body;

    HereDoc(String delimiter, boolean quoted) {
        this.delimiter = delimiter;
        this.quoted = quoted;
    }

    /** For building trees by hand, e.g. in tests. */
    public static HereDoc of(String delimiter, boolean quoted, Word body) {
        HereDoc doc = new HereDoc(delimiter, quoted);
        doc.body = body;
        return doc;
    }

    void fill(Word body) {
        if (this.body != null) {
            throw new IllegalStateException("here-document body filled twice");
        }
        this.body = body;
    }

    public String delimiter() {
        return delimiter;
    }

    /** A quoted delimiter (`<<'EOF'`) means the body is literal: no expansions run. */
    public boolean quoted() {
        return quoted;
    }

    public Word body() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HereDoc h && h.delimiter.equals(delimiter) && h.quoted == quoted
                && Objects.equals(h.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(delimiter, quoted, body);
    }

    @Override
    public String toString() {
        return "HereDoc[" + delimiter + (quoted ? ",quoted" : "") + "]";
    }
}
