package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.List;

/** Bash brace expansion of static text: `r{m,}` gives `rm r`, `{1..3}` gives `1 2 3`. */
final class BraceExpansion {
    private BraceExpansion() {}

    /** The expanded words, or null when there would be more than {@code max}. */
    static List<String> expand(String s, int max) {
        List<String> out = new ArrayList<>();
        return expandInto(s, max, out, 0) ? out : null;
    }

    private static boolean expandInto(String s, int max, List<String> out, int depth) {
        if (depth > 16) {
            return false;
        }
        int open = -1;
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) == '{') {
                int close = matching(s, k);
                if (close > 0) {
                    List<String> alternatives = alternatives(s.substring(k + 1, close));
                    if (alternatives != null) {
                        open = k;
                        String prefix = s.substring(0, open);
                        String suffix = s.substring(close + 1);
                        for (String alt : alternatives) {
                            if (!expandInto(prefix + alt + suffix, max, out, depth + 1)) {
                                return false;
                            }
                        }
                        return true;
                    }
                }
            }
        }
        out.add(s);
        return out.size() <= max;
    }

    private static int matching(String s, int open) {
        int d = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '{') {
                d++;
            } else if (c == '}' && --d == 0) {
                return k;
            }
        }
        return -1;
    }

    private static List<String> alternatives(String body) {
        List<String> parts = new ArrayList<>();
        int d = 0;
        int start = 0;
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c == '{') {
                d++;
            } else if (c == '}') {
                d--;
            } else if (c == ',' && d == 0) {
                parts.add(body.substring(start, k));
                start = k + 1;
            }
        }
        if (!parts.isEmpty()) {
            parts.add(body.substring(start));
            return parts;
        }
        var range = java.util.regex.Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)|([a-zA-Z])\\.\\.([a-zA-Z])").matcher(body);
        if (range.matches()) {
            List<String> out = new ArrayList<>();
            if (range.group(1) != null) {
                long a = Long.parseLong(range.group(1));
                long b = Long.parseLong(range.group(2));
                if (Math.abs(b - a) > 1000) {
                    return null;
                }
                for (long v = a; a <= b ? v <= b : v >= b; v += a <= b ? 1 : -1) {
                    out.add(Long.toString(v));
                }
            } else {
                char a = range.group(3).charAt(0);
                char b = range.group(4).charAt(0);
                for (char v = a; a <= b ? v <= b : v >= b; v += a <= b ? 1 : -1) {
                    out.add(String.valueOf(v));
                }
            }
            return out;
        }
        return null;
    }
}
