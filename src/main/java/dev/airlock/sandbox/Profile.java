package dev.airlock.sandbox;

import java.util.Optional;

/**
 * Where a command runs (docs/sandbox.md). Ordered from the tightest to the loosest, so "the loosest
 * profile any part of a command line was granted" is a maximum.
 */
public enum Profile {
    /** The whole filesystem read-only, private /tmp, no network, secrets and airlock's own state hidden. */
    READ_ONLY("read-only"),
    /** As {@link #READ_ONLY}, with the workspace (git top level, else the working directory) writable. */
    WORKSPACE("workspace"),
    /** Unconfined: only by a person's approval or a user policy that says so. */
    NONE("none");

    private final String json;

    Profile(String json) {
        this.json = json;
    }

    /** The name in policies, audit records and `check --json`. */
    public String json() {
        return json;
    }

    public static Optional<Profile> parse(String name) {
        for (Profile p : values()) {
            if (p.json.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Profile loosest(Profile a, Profile b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
