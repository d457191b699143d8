package dev.airlock.shell;

/** Quote removal for backslashes, by the rules of each quoting context. */
final class Unescape {
    private Unescape() {}

    /** Outside quotes a backslash makes the next character literal; `\<newline>` vanishes. */
    static String unquoted(String raw) {
        return removeBackslashes(raw, null);
    }

    /** Inside double quotes a backslash escapes only `$`, backquote, `"`, `\` and newline. */
    static String doubleQuoted(String raw) {
        return removeBackslashes(raw, "$`\"\\\n");
    }

    /** Drops each backslash before a character in {@code escapable} (any, when null), and `\<newline>` whole. */
    private static String removeBackslashes(String raw, String escapable) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && (escapable == null || escapable.indexOf(raw.charAt(i + 1)) >= 0)) {
                char n = raw.charAt(++i);
                if (n != '\n') {
                    sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean hasUnescaped(String raw, String chars) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
            } else if (chars.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** True when an unescaped `[` has a `]` after it: `[abc]` is a pattern, a lone `[` (the test command) is not. */
    static boolean hasBracketPattern(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && raw.indexOf(']', i + 2) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Decodes the body of `$'...'` as bash does; bash ends the string at a NUL (`$'r\0m'` is `r`). */
    static String ansiC(String raw) {
        String decoded = ansiCUntruncated(raw);
        int nul = decoded.indexOf('\0');
        return nul < 0 ? decoded : decoded.substring(0, nul);
    }

    private static String ansiCUntruncated(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                sb.append(c);
                continue;
            }
            char n = raw.charAt(++i);
            switch (n) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'e', 'E' -> sb.append('\u001b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\', '\'', '"', '?' -> sb.append(n);
                case 'c' -> {
                    if (i + 1 < raw.length()) {
                        sb.append((char) (raw.charAt(++i) & 0x1f));
                    }
                }
                case 'x', 'u', 'U' -> {
                    int max = n == 'x' ? 2 : n == 'u' ? 4 : 8;
                    int j = i + 1;
                    while (j < raw.length() && j - i - 1 < max && Character.digit(raw.charAt(j), 16) >= 0) {
                        j++;
                    }
                    if (j == i + 1) {
                        sb.append('\\').append(n);
                    } else {
                        int cp = (int) Long.parseLong(raw.substring(i + 1, j), 16);
                        if (Character.isValidCodePoint(cp)) {
                            sb.appendCodePoint(cp);
                        }
                        i = j - 1;
                    }
                }
                default -> {
                    if (n >= '0' && n <= '7') {
                        int j = i;
                        while (j < raw.length() && j - i < 3 && raw.charAt(j) >= '0' && raw.charAt(j) <= '7') {
                            j++;
                        }
                        sb.append((char) (Integer.parseInt(raw.substring(i, j), 8) & 0xff));
                        i = j - 1;
                    } else {
                        sb.append('\\').append(n);
                    }
                }
            }
        }
        return sb.toString();
    }
}
