package dev.airlock.shell;

import java.util.List;
import java.util.Optional;

/** One shell word as a list of parts; `a"b"$c` is three parts. */
public record Word(Pos pos, List<WordPart> parts) {
    public Word {
        parts = List.copyOf(parts);
    }

    public static Word lit(String raw) {
        return new Word(Pos.NONE, List.of(new WordPart.Lit(Pos.NONE, raw)));
    }

    /**
     * The word's value after quote removal when every part is static, else empty. Bash treats
     * `'r''m'` and `r\m` as `rm` after quote removal; `$x`, `$(...)` and `${IFS}` are dynamic.
     * Globs, braces and a leading tilde are left as written: they are static text whose expansion
     * the analysis handles.
     */
    public Optional<String> literal() {
        StringBuilder sb = new StringBuilder();
        for (WordPart part : parts) {
            if (!appendStatic(part, sb)) {
                return Optional.empty();
            }
        }
        return Optional.of(sb.toString());
    }

    public boolean isDynamic() {
        return literal().isEmpty();
    }

    /** The raw text when the word is one plain unquoted literal, as reserved words must be. */
    public Optional<String> plainText() {
        if (parts.size() == 1 && parts.get(0) instanceof WordPart.Lit lit && lit.raw().indexOf('\\') < 0) {
            return Optional.of(lit.raw());
        }
        return Optional.empty();
    }

    /** True when an unquoted, unescaped `*`, `?` or `[` makes this word a pathname pattern. */
    public boolean hasGlob() {
        for (WordPart part : parts) {
            // an unquoted `(` in a word is an extglob group: `@(.env|x)`, `+(a)`, `!(b)`
            if (part instanceof WordPart.Lit lit && (Unescape.hasUnescaped(lit.raw(), "*?(")
                    || Unescape.hasBracketPattern(lit.raw()))) {
                return true;
            }
        }
        return false;
    }

    /** True when an unquoted `{` may start a brace expansion. */
    public boolean hasBraces() {
        for (WordPart part : parts) {
            if (part instanceof WordPart.Lit lit && Unescape.hasUnescaped(lit.raw(), "{")) {
                return true;
            }
        }
        return false;
    }

    private static boolean appendStatic(WordPart part, StringBuilder sb) {
        if (part instanceof WordPart.Lit lit) {
            sb.append(Unescape.unquoted(lit.raw()));
        } else if (part instanceof WordPart.SingleQuoted sq) {
            sb.append(sq.value());
        } else if (part instanceof WordPart.AnsiC ansi) {
            sb.append(ansi.value());
        } else if (part instanceof WordPart.DoubleQuoted dq) {
            for (WordPart inner : dq.parts()) {
                if (!(inner instanceof WordPart.Lit lit)) {
                    return false;
                }
                sb.append(Unescape.doubleQuoted(lit.raw()));
            }
        } else {
            return false;
        }
        return true;
    }
}
