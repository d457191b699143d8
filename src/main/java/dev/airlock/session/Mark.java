package dev.airlock.session;

/**
 * A shell integration mark (OSC 133) that airlock's rc file makes bash print, carrying the
 * session's nonce: `ESC ] 133 ; KIND [; STATUS] ; airlock-NONCE BEL`. Marks without the nonce are
 * the output of some command and mean nothing to airlock.
 */
sealed interface Mark {
    /** `133;A`: the shell starts printing its prompt. */
    record PromptStart() implements Mark {}

    /** `133;B`: the prompt is printed; the shell waits for a command. */
    record PromptEnd() implements Mark {}

    /** `133;C` (from PS0): the shell has read a command and starts it. */
    record CommandStart() implements Mark {}

    /** `133;D;STATUS`: the last command ended with STATUS (printed before every prompt). */
    record CommandEnd(int status) implements Mark {}

    /** The mark for an OSC payload such as `133;D;0;airlock-NONCE`, or null when it is not one of ours. */
    static Mark parse(String payload, String nonce) {
        String suffix = ";airlock-" + nonce;
        if (!payload.startsWith("133;") || !payload.endsWith(suffix)) {
            return null;
        }
        String body = payload.substring(4, payload.length() - suffix.length());
        switch (body) {
            case "A":
                return new PromptStart();
            case "B":
                return new PromptEnd();
            case "C":
                return new CommandStart();
            default:
                break;
        }
        if (body.startsWith("D;") && body.length() > 2 && body.length() <= 5 && body.substring(2).chars().allMatch(Character::isDigit)) {
            return new CommandEnd(Integer.parseInt(body.substring(2)));
        }
        return null;
    }
}
