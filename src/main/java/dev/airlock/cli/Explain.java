package dev.airlock.cli;

import dev.airlock.policy.Verdict;

/** The readable explanation of a verdict: the decision, then each command with its rules. */
final class Explain {
    private Explain() {}

    static String text(String command, Verdict v) {
        StringBuilder sb = new StringBuilder();
        sb.append(v.decision().json()).append(": ").append(oneLine(command)).append('\n');
        for (Verdict.Part p : v.parts()) {
            String where = p.pos().line() == 0 ? "" : p.pos() + " ";
            sb.append("  ").append(p.decision().json()).append("  ").append(where)
                    .append(p.command().isEmpty() ? "(no command)" : "`" + oneLine(p.command()) + "`");
            if (!p.context().isEmpty()) {
                sb.append("  [").append(p.context()).append(']');
            }
            sb.append('\n');
            for (Verdict.Hit h : p.hits()) {
                sb.append("      ").append(h.decision().json()).append(' ').append(h.rule());
                if (!h.layer().equals("builtin")) {
                    sb.append(" (").append(h.layer()).append(')');
                }
                sb.append(": ").append(h.reason());
                if (h.words() != null) {
                    sb.append(" (").append(h.pos()).append(" `").append(h.words()).append("`)");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String oneLine(String s) {
        String t = s.replace("\n", "\\n");
        return t.length() > 200 ? t.substring(0, 197) + "..." : t;
    }

    /** Where airlock-sh would run the command, in words. */
    static String where(dev.airlock.sandbox.Placement p) {
        if (p.decision() == dev.airlock.policy.Decision.DENY) {
            return "sandbox: none (it never runs)";
        }
        String what = switch (p.sandbox()) {
            case "read-only" -> "in a read-only sandbox (no network, no writes outside a private /tmp, secrets hidden)";
            case "workspace" -> "in a sandbox that may write the workspace only (no network, secrets hidden)";
            case "nested" -> "through airlock-sh again, which confines the command itself";
            case "unavailable" -> "unconfined: no sandbox can be had here (see `airlock doctor`)";
            case "off" -> "unconfined: AIRLOCK_SANDBOX=off";
            default -> "unconfined";
        };
        String when = p.confinedInsteadOfAsking() ? "without a question, "
                : p.decision() == dev.airlock.policy.Decision.ASK ? "once approved, " : "";
        return "sandbox: " + p.sandbox() + ": runs " + when + what;
    }
}
