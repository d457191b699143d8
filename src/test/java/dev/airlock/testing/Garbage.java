package dev.airlock.testing;

import java.util.Random;

/**
 * Random bytes (control characters, NULs, invalid UTF-8) to type or pipe into a shell, without the
 * characters that open a quote, group or here-document: those would make the garbage wait for its
 * end and swallow the lines a test sends after it.
 */
public final class Garbage {
    private static final String OPENERS = "'\"`\\(){}[]<>|&$;";

    private Garbage() {}

    public static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        for (int k = 0; k < b.length; k++) {
            if (OPENERS.indexOf(b[k]) >= 0) {
                b[k] = 'z';
            }
        }
        return b;
    }
}
