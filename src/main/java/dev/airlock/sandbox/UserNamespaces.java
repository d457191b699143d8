package dev.airlock.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel settings that stop unprivileged user namespaces, and the command that lifts each. */
public final class UserNamespaces {
    private UserNamespaces() {}

    /** "" when nothing is in the way; else a sentence that starts with "; " naming the setting and its fix. */
    public static String advice() {
        StringBuilder sb = new StringBuilder();
        if ("1".equals(read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"))) {
            sb.append("; AppArmor restricts unprivileged user namespaces (Ubuntu 23.10+): allow bwrap with an AppArmor"
                    + " profile (see docs/sandbox.md) or `sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0`");
        }
        if ("0".equals(read("/proc/sys/kernel/unprivileged_userns_clone"))) {
            sb.append("; unprivileged user namespaces are off: `sudo sysctl kernel.unprivileged_userns_clone=1`");
        }
        if ("0".equals(read("/proc/sys/user/max_user_namespaces"))) {
            sb.append("; user.max_user_namespaces is 0: `sudo sysctl user.max_user_namespaces=15000`");
        }
        return sb.toString();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
