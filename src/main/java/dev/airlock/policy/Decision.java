package dev.airlock.policy;

/** What happens to a command: runs now, waits for a person, or never runs. Ordered from loose to strict. */
public enum Decision {
    ALLOW, ASK, DENY;

    public static Decision strictest(Decision a, Decision b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Decision parse(String s) {
        return switch (s) {
            case "allow" -> ALLOW;
            case "ask" -> ASK;
            case "deny" -> DENY;
            default -> throw new IllegalArgumentException("decision must be allow, ask or deny, not '" + s + "'");
        };
    }

    /** The exit status of `airlock check` for this decision. */
    public int checkExitCode() {
        return switch (this) {
            case ALLOW -> 0;
            case ASK -> 1;
            case DENY -> 3;
        };
    }
}
