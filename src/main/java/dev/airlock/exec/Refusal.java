package dev.airlock.exec;

import dev.airlock.policy.Verdict;
import java.io.PrintStream;
import java.util.List;

/** The `airlock:` lines an agent reads on stderr when a command does not run. */
final class Refusal {
    static final int EXIT = 126;

    private Refusal() {}

    static void print(PrintStream err, String command, Verdict verdict, String why) {
        err.println("airlock: refused: " + shorten(command));
        if (verdict != null) {
            List<String> rules = verdict.rules();
            List<String> reasons = verdict.reasons();
            for (int k = 0; k < reasons.size(); k++) {
                err.println("airlock: " + verdict.decision().json() + " (" + (k < rules.size() ? rules.get(k) : "policy")
                        + "): " + reasons.get(k));
            }
        }
        if (why != null) {
            err.println("airlock: " + why);
        }
        err.println("airlock: stop here and ask your user; do not try another way to do the same thing.");
        err.flush();
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
