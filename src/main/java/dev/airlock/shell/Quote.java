package dev.airlock.shell;

/** Shell text for a word: what `airlock run` joins and what setup writes into hooks and shell functions. */
public final class Quote {
    private Quote() {}

    /** A word the shell reads as exactly {@code word}: left bare when plainly safe, else single-quoted. */
    public static String word(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
