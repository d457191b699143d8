package dev.airlock.exec;

import dev.airlock.policy.Verdict;
import java.io.PrintStream;
import java.util.List;

/** The `airlock:` lines an agent reads on stderr when a command does not run. */
public final class Refusal {
    static final int EXIT = 126;

    private Refusal() {}

    static void print(PrintStream err, String command, Verdict verdict, String why) {
        for (String line : lines(command, verdict, why)) {
            err.println(line);
        }
        err.flush();
    }

    /** The refusal as lines: what was refused, each reason with its rule, {@code why}, and what to do now. */
    public static List<String> lines(String command, Verdict verdict, String why) {
        List<String> out = new java.util.ArrayList<>();
        out.add("airlock: refused: " + shorten(command));
        if (verdict != null) {
            List<String> rules = verdict.rules();
            List<String> reasons = verdict.reasons();
            // What the policy said, in words that fit a command that did not run: an `ask` refused was
            // not approved, and "ask" alone reads as if the question were still open.
            String said = verdict.decision() == dev.airlock.policy.Decision.ASK ? "needs approval" : verdict.decision().json();
            for (int k = 0; k < reasons.size(); k++) {
                out.add("airlock: " + said + " (" + (k < rules.size() ? rules.get(k) : "policy")
                        + "): " + reasons.get(k));
            }
        }
        if (why != null) {
            out.add("airlock: " + why);
        }
        out.add("airlock: stop here and ask your user; do not try another way to do the same thing.");
        return out;
    }

    /** The one line after a command that ran confined instead of asking, failed, and nobody can be asked. */
    /** Said before a person is asked about a command that failed where it ran without a question. */
    public static final String ASKING_AFTER_CONFINED = "airlock: it failed in a read-only sandbox without network; asking a"
            + " person whether to run it with writes and network";

    public static String confinedNote(dev.airlock.sandbox.Profile profile) {
        return "airlock: it ran without a question in a " + profile.json() + " sandbox: no network, "
                + "no writes outside a private /tmp" + (profile == dev.airlock.sandbox.Profile.WORKSPACE
                ? " and the workspace" : "") + ", secrets hidden. If it must write or connect, ask your user to run it"
                + " (`airlock run -- COMMAND`) or to start `airlock console`, instead of trying another way.";
    }

    static void error(PrintStream err, String what) {
        err.println("airlock: " + what);
        err.println("airlock: nothing was run.");
        err.flush();
    }

    static String shorten(String s) {
        String t = s.replace("\n", "\\n");
        return t.length() > 300 ? t.substring(0, 297) + "..." : t;
    }
}
