package dev.airlock.console;

/**
 * Text from a request as the person should see it: every control character (C0, DEL, C1, which a
 * terminal would obey: `\e[2K\r` can paint `echo hello` over `rm -rf ~`), bidirectional override and
 * zero-width character is shown as an escape (`\x1b`, `\u202e`) instead of being sent to the terminal.
 */
final class Visible {
    private Visible() {}

    static String of(String s) {
        StringBuilder out = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            String shown = shown(c);
            if (shown != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, k);
            }
            if (out != null) {
                out.append(shown != null ? shown : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /** How a character is shown, or null when it is shown as itself. */
    static String shown(char c) {
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\t') {
            return "\\t";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069)
                || c == 0xfeff || c == 0x061c) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
