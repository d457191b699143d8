package dev.airlock.analysis;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Shell pathname patterns as regular expressions: `*`, `?`, bracket expressions with POSIX classes
 * (`[[:alpha:]]`, `[!x]`, `[]a]`), and extglob groups (`@(a|b)`, `?(..)`, `*(..)`, `+(..)`, `!(..)`),
 * which bash matches when `shopt -s extglob` is on (often set by bash-completion or a harness's snapshot).
 * A pattern that cannot be translated matches everything: better an unneeded question than a missed secret.
 */
final class Glob {
    private static final Map<String, String> CLASSES = Map.ofEntries(Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"), Map.entry("blank", " \\t"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("xdigit", "\\p{XDigit}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("word", "\\w"));

    /** Patterns with more gaps than this are read as matching anything. */
    private static final int MAX_WILDCARDS = 16;

    private Glob() {}

    private static int wildcards(String glob) {
        int n = 0;
        for (int k = 0; k < glob.length(); k++) {
            char c = glob.charAt(k);
            if ((c == '*' && (k == 0 || glob.charAt(k - 1) != '*')) || c == '?' || c == '[' || c == '(') {
                n++;
            }
        }
        return n;
    }

    static boolean isPattern(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || hasExtglob(s);
    }

    /** `@(`, `+(`, `!(`: only extglob makes these patterns (`*(` and `?(` are patterns anyway). */
    static boolean hasExtglob(String s) {
        for (int k = 0; k + 1 < s.length(); k++) {
            if ("?*+@!".indexOf(s.charAt(k)) >= 0 && s.charAt(k + 1) == '(') {
                return true;
            }
        }
        return false;
    }

    static Pattern toRegex(String glob) {
        return toRegex(glob, false);
    }

    /** {@code ignoreCase}: `shopt -s nocaseglob`. */
    static Pattern toRegex(String glob, boolean ignoreCase) {
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        if (wildcards(glob) > MAX_WILDCARDS) {
            // `*?*?*?...`: a regex with that many gaps backtracks for ages; take it to match anything
            return Pattern.compile(".*");
        }
        try {
            if (glob.endsWith("/**")) {
                // `dir/**` covers the directory itself too.
                String dir = toRegex(glob.substring(0, glob.length() - 3), ignoreCase).pattern();
                return Pattern.compile(dir + "(/.*)?", flags);
            }
            StringBuilder re = new StringBuilder();
            translate(glob, 0, glob.length(), re);
            return Pattern.compile(re.toString(), flags);
        } catch (PatternSyntaxException | IndexOutOfBoundsException e) {
            return Pattern.compile(".*");
        }
    }

    /** Appends the regex for {@code glob[from, to)}. */
    private static void translate(String glob, int from, int to, StringBuilder re) {
        for (int k = from; k < to; k++) {
            char c = glob.charAt(k);
            if ("?*+@!".indexOf(c) >= 0 && k + 1 < to && glob.charAt(k + 1) == '(') {
                int close = closingParen(glob, k + 1, to);
                if (close > 0) {
                    group(c, glob, k + 2, close, re);
                    k = close;
                    continue;
                }
            }
            if (c == '*') {
                int run = k;
                while (run + 1 < to && glob.charAt(run + 1) == '*') {
                    run++;
                }
                re.append(run > k ? ".*" : "[^/]*"); // `**` crosses directories; more stars add nothing
                k = run;
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = bracket(glob, k, to, re);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    k = end;
                }
            } else if (c == '\\' && k + 1 < to) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++k))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
    }

    /** An extglob group: the alternatives between {@code from} and {@code to}, split on top-level `|`. */
    private static void group(char op, String glob, int from, int to, StringBuilder re) {
        if (op == '!') {
            re.append("[^/]*"); // anything but the alternatives: taken as anything
            return;
        }
        re.append("(?:");
        int start = from;
        int depth = 0;
        for (int k = from; k <= to; k++) {
            char c = k < to ? glob.charAt(k) : '|';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                if (start > from) {
                    re.append('|');
                }
                translate(glob, start, k, re);
                start = k + 1;
            }
        }
        re.append(')').append(switch (op) {
            case '?' -> "?";
            case '*' -> "*";
            case '+' -> "+";
            default -> "";
        });
    }

    /** A character inside a regex class: letters and digits as they are, anything else escaped. */
    private static String literal(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    private static int closingParen(String glob, int open, int to) {
        int depth = 0;
        for (int k = open; k < to; k++) {
            char c = glob.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /** A bracket expression at {@code open}: appends its class and returns the index of its `]`, or -1. */
    private static int bracket(String glob, int open, int to, StringBuilder re) {
        int k = open + 1;
        StringBuilder cls = new StringBuilder("[");
        if (k < to && (glob.charAt(k) == '!' || glob.charAt(k) == '^')) {
            cls.append('^');
            k++;
        }
        boolean first = true;
        int last = -1; // the previous single character, which a `-` may start a range from
        for (; k < to; k++) {
            char c = glob.charAt(k);
            if (c == ']' && !first) {
                re.append(cls).append(']');
                return k;
            }
            first = false;
            int previous = last;
            last = -1;
            if (c == '[' && k + 1 < to && ":=.".indexOf(glob.charAt(k + 1)) >= 0) {
                char kind = glob.charAt(k + 1);
                int end = glob.indexOf(kind + "]", k + 2);
                if (end < 0 || end >= to) {
                    return -1;
                }
                String name = glob.substring(k + 2, end);
                if (kind == ':') {
                    cls.append(CLASSES.getOrDefault(name, "\\s\\S"));
                } else {
                    name.chars().forEach(ch -> cls.append(literal((char) ch)));
                }
                k = end + 1;
            } else if (c == '-' && previous >= 0 && k + 1 < to && glob.charAt(k + 1) != ']'
                    && glob.charAt(k + 1) >= previous) {
                cls.append('-'); // a range; a reversed one (`[a-E]`) is taken as the characters themselves
            } else {
                cls.append(literal(c));
                last = c;
            }
        }
        return -1;
    }
}
