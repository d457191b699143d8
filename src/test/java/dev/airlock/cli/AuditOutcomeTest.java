package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.ConsolePeer;
import dev.airlock.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `audit list` and `audit stats` say what became of each question: real airlock-sh runs asking a
 * console peer that approves, denies or never answers, and one with no console at all.
 */
class AuditOutcomeTest {
    private static final Path SHIM = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("bin/shim/bash");

    @TempDir
    Path tmp;
    Path socket;
    Path log;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        env = TestEnv.forHome(home);
        socket = tmp.resolve("run/console.sock");
        env.put("AIRLOCK_SOCKET", socket.toString());
        env.put("AIRLOCK_APPROVAL_TIMEOUT", "3");
        log = home.resolve(".local/state/airlock/audit.jsonl");
    }

    private Process shim(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("setsid", "-w", SHIM.toString(), "-c", command).directory(tmp.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    private static int exit(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "airlock-sh did not finish");
        return p.exitValue();
    }

    @Test
    void listAndStatsShowWhatThePersonDecidedAndWhoDecided() throws Exception {
        assertEquals(126, exit(shim("touch nobody-asked")), "no console: refused");
        try (ConsolePeer peer = ConsolePeer.listen(socket)) {
            Process yes = shim("touch approved");
            peer.answer(true);
            assertEquals(0, exit(yes));
            Process no = shim("touch denied");
            peer.answer(false);
            assertEquals(126, exit(no));
            Process late = shim("touch too-late");
            peer.await(); // and never answers
            assertEquals(126, exit(late));
        }
        assertEquals(0, exit(shim("ls")));

        AuditCliTest.Run list = AuditCliTest.airlock("audit", "list", "--file", log.toString());
        assertEquals(0, list.code(), list.err());
        List<String> rows = list.lines();
        assertRow(rows, "touch nobody-asked", "ask→no approver", "none");
        assertRow(rows, "touch approved", "ask→approved", "console");
        assertRow(rows, "touch denied", "ask→denied", "console");
        assertRow(rows, "touch too-late", "ask→timed out", "console");
        assertRow(rows, "ls", "allow", "policy");

        AuditCliTest.Run stats = AuditCliTest.airlock("audit", "stats", "--file", log.toString());
        assertTrue(stats.out().contains("by outcome: approved 1, denied 1, no approver 1, policy 1, timed out 1"),
                stats.out());
    }

    private static void assertRow(List<String> rows, String command, String decision, String approver) {
        String row = rows.stream().filter(r -> r.endsWith(" " + command)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + command + " in\n" + String.join("\n", rows)));
        assertTrue(row.matches(".* \\Q" + decision + "\\E +\\Q" + approver + "\\E .*"), "decision and approver of: " + row);
    }
}
