package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.audit.AuditLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where airlock keeps its files: the log it protects is the log it writes, whatever XDG_STATE_HOME holds. */
class AirlockPathsTest {
    private static final String HOME = "/home/dev";

    @Test
    void theProtectedAuditLogIsTheOneTheLogWritesForEveryXdgValue() {
        for (String state : List.of("/var/state", "relative/state", "", " ")) {
            Map<String, String> env = Map.of("HOME", HOME, "XDG_STATE_HOME", state);
            AirlockPaths paths = AirlockPaths.from(env);
            assertEquals(AuditLog.defaultPath(env).toAbsolutePath(), paths.auditLog(), "XDG_STATE_HOME=" + state);
            assertTrue(paths.protectedPaths().contains(paths.auditLog().getParent().toString()), state);
        }
    }

    @Test
    void aRelativeXdgDirectoryIsIgnoredAsTheSpecSays() {
        AirlockPaths paths = AirlockPaths.from(Map.of("HOME", HOME, "XDG_CONFIG_HOME", "cfg", "XDG_STATE_HOME", "st",
                "XDG_RUNTIME_DIR", "run"));
        assertEquals(Path.of(HOME, ".config/airlock/policy.json"), paths.userPolicy());
        assertEquals(Path.of(HOME, ".local/state/airlock"), paths.stateDir());
        assertEquals(Path.of(HOME, ".local/state/airlock/console.sock"), paths.socket());
    }

    @Test
    void anAbsoluteXdgDirectoryIsUsed() {
        AirlockPaths paths = AirlockPaths.from(Map.of("HOME", HOME, "XDG_STATE_HOME", "/s", "XDG_RUNTIME_DIR", "/run/u"));
        assertEquals(Path.of("/s/airlock/audit.jsonl"), paths.auditLog());
        assertEquals(Path.of("/run/u/airlock/console.sock"), paths.socket());
    }
}
