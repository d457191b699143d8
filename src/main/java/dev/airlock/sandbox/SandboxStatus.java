package dev.airlock.sandbox;

import java.nio.file.Path;

/** Whether commands can be confined here, and if not, why (recorded as `sandbox` in every record). */
public sealed interface SandboxStatus {
    /** bubblewrap works: its path, found in a system directory only (never from the agent's PATH). */
    record Available(Path bwrap) implements SandboxStatus {}

    /** No usable sandbox: bwrap is missing, or the kernel refused it; {@code why} says which and what to do. */
    record Unavailable(String why) implements SandboxStatus {}

    /** `AIRLOCK_SANDBOX=off`: a person turned confinement off; behaviour is classification only. */
    record Off() implements SandboxStatus {}

    /** The `sandbox` value of records in which nothing could be confined. */
    default String label() {
        return this instanceof Available ? "available" : this instanceof Off ? "off" : "unavailable";
    }

    default boolean available() {
        return this instanceof Available;
    }
}
