package dev.airlock.policy;

import java.util.regex.Pattern;

/**
 * Regular expressions of a policy matched with a bounded amount of work. A pattern that backtracks badly
 * on a long argument (`sed` scripts of 9 KB took minutes against write.sed-script) would hang airlock-sh;
 * past the budget the match gives up with {@link TooComplex}, and the command is refused.
 */
final class BoundedMatch {
    private BoundedMatch() {}

    /** Thrown when a match needs more steps than a linear pattern ever does for the text. */
    static final class TooComplex extends RuntimeException {
        TooComplex() {
            super("pattern too costly for the text", null, false, false);
        }
    }

    static boolean matches(Pattern p, String text) {
        long budget = 100_000L + 50L * text.length();
        return p.matcher(new Counting(text, new long[] {budget})).matches();
    }

    /** The text, counting every character the matcher reads against a shared budget. */
    private record Counting(String text, long[] left) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new TooComplex();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counting(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
