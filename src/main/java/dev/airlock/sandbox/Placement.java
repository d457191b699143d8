package dev.airlock.sandbox;

import dev.airlock.policy.Decision;
import dev.airlock.policy.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a classified command runs, and whether a person must still be asked (docs/sandbox.md).
 *
 * @param verdict the classifier's verdict, with `sandbox.required` added when an allow must ask for want of a sandbox
 * @param decision allow (runs now, in {@code profile}), ask, or deny
 * @param profile the profile it runs in now (allow), or would run in once approved (ask)
 * @param confinedInsteadOfAsking an ask whose every reason a read-only sandbox makes harmless, so nobody is asked
 * @param sandbox the `sandbox` value of its records: the profile, or `unavailable`/`off`
 */
public record Placement(Verdict verdict, Decision decision, Profile profile, boolean confinedInsteadOfAsking,
        String sandbox) {

    /** Where a command runs with no sandbox to be had ({@code status} says why). */
    public static Placement unconfined(Verdict verdict, SandboxStatus status, boolean requireSandbox) {
        return of(verdict, status, requireSandbox, false);
    }

    static Placement of(Verdict verdict, SandboxStatus status, boolean requireSandbox, boolean secretsHidden) {
        boolean available = status.available();
        switch (verdict.decision()) {
            case DENY:
                return new Placement(verdict, Decision.DENY, Profile.NONE, false, available ? "none" : status.label());
            case ALLOW:
                if (available) {
                    Profile p = granted(verdict, Decision.ALLOW);
                    return new Placement(verdict, Decision.ALLOW, p, false, p.json());
                }
                if (requireSandbox) {
                    return new Placement(required(verdict, status), Decision.ASK, Profile.NONE, false, status.label());
                }
                return new Placement(verdict, Decision.ALLOW, Profile.NONE, false, status.label());
            default:
                if (available && secretsHidden && everyAskConfinable(verdict)) {
                    // The ask rules' profile bounds the line: an allowed part that needs a looser one
                    // (a remembered rule runs unconfined) must not lend it to the code beside it.
                    Profile p = tightestAsked(verdict);
                    if (Profile.loosest(p, granted(verdict, Decision.ALLOW)) == p) {
                        return new Placement(verdict, Decision.ALLOW, p, true, p.json());
                    }
                }
                // Approved by a person, it runs as before: unconfined, unless the person picks a profile.
                return new Placement(verdict, Decision.ASK, Profile.NONE, false, available ? "none" : status.label());
        }
    }

    /** Approved by a person, to run in {@code chosen}. */
    public Placement approvedIn(Profile chosen) {
        return new Placement(verdict, Decision.ALLOW, chosen, false, chosen.json());
    }

    /** The same decision, for a text that starts airlock-sh again, which confines the command itself. */
    Placement nested() {
        return new Placement(verdict, decision, profile, confinedInsteadOfAsking, "nested");
    }

    /** True when every reason to ask names a profile in which it may run without a question. */
    private static boolean everyAskConfinable(Verdict v) {
        for (Verdict.Part part : v.parts()) {
            if (part.decision() == Decision.ASK) {
                for (Verdict.Hit hit : part.hits()) {
                    if (hit.decision() == Decision.ASK && hit.sandbox() == null) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The tightest profile any reason to ask grants (each has one: {@link #everyAskConfinable}). */
    private static Profile tightestAsked(Verdict v) {
        Profile out = Profile.NONE;
        for (Verdict.Part part : v.parts()) {
            if (part.decision() == Decision.ASK) {
                for (Verdict.Hit hit : part.hits()) {
                    if (hit.decision() == Decision.ASK && hit.sandbox().ordinal() < out.ordinal()) {
                        out = hit.sandbox();
                    }
                }
            }
        }
        return out;
    }

    /** The loosest profile the deciding rules of the parts with {@code decision} grant; read-only by default. */
    private static Profile granted(Verdict v, Decision decision) {
        Profile out = Profile.READ_ONLY;
        for (Verdict.Part part : v.parts()) {
            if (part.decision() != decision) {
                continue;
            }
            for (Verdict.Hit hit : part.hits()) {
                if (hit.decision() == decision && hit.sandbox() != null) {
                    out = Profile.loosest(out, hit.sandbox());
                }
            }
        }
        return out;
    }

    private static Verdict required(Verdict v, SandboxStatus status) {
        String why = status instanceof SandboxStatus.Unavailable u ? u.why() : "AIRLOCK_SANDBOX=off";
        List<Verdict.Part> parts = new ArrayList<>(v.parts());
        parts.add(new Verdict.Part("", dev.airlock.shell.Pos.NONE, "", Decision.ASK, List.of(new Verdict.Hit(
                "sandbox.required", Decision.ASK, "the policy requires a sandbox for commands that run without a"
                        + " question, and none can be had: " + why, "user"))));
        return new Verdict(Decision.ASK, parts);
    }
}
