package dev.airlock.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The shell's prompt as bash printed it, made into a jline prompt: colours (SGR) stay, jline's `%`
 * is escaped, and the other control sequences (a window title, say) are taken out to be written to
 * the terminal once, since jline redraws the prompt and measures its width.
 */
record PromptText(String pattern, byte[] sideEffects) {
    /** Longer prompts are cut: a prompt is not a place for a screenful of output. */
    static final int MAX = 4096;

    static PromptText of(byte[] raw) {
        StringBuilder visible = new StringBuilder();
        ByteArrayOutputStream effects = new ByteArrayOutputStream();
        String s = new String(raw, 0, Math.min(raw.length, MAX), StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == 0x1b) {
                int end = sequenceEnd(s, i);
                String seq = s.substring(i, end);
                if (seq.startsWith("\u001b[") && seq.endsWith("m")) {
                    visible.append(seq);
                } else {
                    byte[] b = seq.getBytes(StandardCharsets.UTF_8);
                    effects.write(b, 0, b.length);
                }
                i = end;
                continue;
            }
            if (c == '%') {
                visible.append("%%");
            } else if (c == '\n' || c == '\t' || c >= 0x20 && c != 0x7f) {
                visible.append(c);
            } // other control characters (\r, \a) have no place in a line editor's prompt
            i++;
        }
        return new PromptText(visible.toString(), effects.toByteArray());
    }

    /** Where the escape sequence starting at {@code i} ends: CSI up to its final byte, OSC/DCS up to BEL or ST. */
    private static int sequenceEnd(String s, int i) {
        int j = i + 1;
        if (j >= s.length()) {
            return j;
        }
        char kind = s.charAt(j++);
        if (kind == '[') {
            while (j < s.length() && (s.charAt(j) < 0x40 || s.charAt(j) > 0x7e)) {
                j++;
            }
            return Math.min(j + 1, s.length());
        }
        if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {
            while (j < s.length()) {
                char c = s.charAt(j++);
                if (c == 0x07) {
                    return j;
                }
                if (c == 0x1b && j < s.length() && s.charAt(j) == '\\') {
                    return j + 1;
                }
            }
            return j;
        }
        return j; // a two-character escape
    }
}
