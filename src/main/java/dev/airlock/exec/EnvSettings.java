package dev.airlock.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The `AIRLOCK_*` settings that take a value from a fixed set or a number: a typo in one is an error
 * that airlock-sh refuses on (and doctor names), never a silent default that a person believes is in
 * force. Unset or empty means the default.
 */
public final class EnvSettings {
    private record Setting(String name, String expected, Predicate<String> valid) {}

    private static final Pattern COUNT = Pattern.compile("[1-9][0-9]{0,17}");

    private static final List<Setting> SETTINGS = List.of(
            new Setting("AIRLOCK_AUDIT_MAX_BYTES", "a positive number of bytes", v -> COUNT.matcher(v).matches()),
            new Setting("AIRLOCK_APPROVAL_TIMEOUT", "seconds from 1 to 86400",
                    v -> COUNT.matcher(v).matches() && v.length() <= 5 && Long.parseLong(v) <= 86_400),
            new Setting("AIRLOCK_APPROVAL", "console or tty", v -> v.equals("console") || v.equals("tty")),
            new Setting("AIRLOCK_SANDBOX", "off or on", v -> v.equals("off") || v.equals("on") || v.equals("auto")),
            new Setting("AIRLOCK_RESIDENT", "0 or 1", v -> v.equals("0") || v.equals("1")),
            new Setting("AIRLOCK_AUDIT_SYSLOG", "0 or 1", v -> v.equals("0") || v.equals("1")),
            new Setting("AIRLOCK_RESIDENT_IDLE", "a positive number of seconds", v -> COUNT.matcher(v).matches()),
            new Setting(Shim.ASK_UNCONFINED, "an exit status from 1 to 125",
                    v -> v.matches("[1-9][0-9]{0,2}") && Integer.parseInt(v) <= 125),
            new Setting(ResidentHandOver.RESULT, "a decision's seq, an exit status and milliseconds",
                    v -> v.matches("[1-9][0-9]{0,17} [0-9]{1,3} [0-9]{1,18}") && Integer.parseInt(v.split(" ")[1]) <= 255),
            new Setting(ResidentHandOver.UNANSWERED, "1", v -> v.equals("1")));

    private EnvSettings() {}

    /** One sentence per malformed setting, saying what it must be; empty when all are well formed. */
    public static List<String> problems(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Setting s : SETTINGS) {
            String v = env.get(s.name());
            if (v != null && !v.isEmpty() && !s.valid().test(v.strip())) {
                out.add(s.name() + "=" + Refusal.shorten(v) + " is not " + s.expected() + "; fix or unset it");
            }
        }
        return out;
    }
}
