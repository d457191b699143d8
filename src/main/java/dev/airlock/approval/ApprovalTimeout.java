package dev.airlock.approval;

import java.time.Duration;
import java.util.Map;

/** How long a request waits for a person: `AIRLOCK_APPROVAL_TIMEOUT` seconds, default 120; then it is denied. */
public final class ApprovalTimeout {
    public static final Duration DEFAULT = Duration.ofSeconds(120);

    private ApprovalTimeout() {}

    public static Duration from(Map<String, String> env) {
        String v = env.get("AIRLOCK_APPROVAL_TIMEOUT");
        if (v == null || v.isBlank()) {
            return DEFAULT;
        }
        try {
            long s = Long.parseLong(v.strip());
            return s > 0 && s <= 86_400 ? Duration.ofSeconds(s) : DEFAULT;
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }
}
