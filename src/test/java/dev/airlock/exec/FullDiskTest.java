package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.testing.ResidentFixture;
import dev.airlock.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit log on a full disk (a 64 KiB tmpfs mounted for the test; skipped with the reason where
 * mounting is not permitted): a record says `run` only when the command ran, and the agent's message
 * says what happened, on the JVM path and the resident path alike.
 */
class FullDiskTest {
    @TempDir
    Path tmp;
    Path disk;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        work = Files.createDirectories(tmp.resolve("work"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes()).strip();
        Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "skipped: cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): " + why);
        env = TestEnv.forHome(Files.createDirectories(tmp.resolve("home")));
        env.put("AIRLOCK_AUDIT", disk.resolve("audit.jsonl").toString());
        // The command that fills the disk must write there: allowed by a user rule, and unconfined.
        env.put("AIRLOCK_SANDBOX", "off");
        Path policy = Files.writeString(tmp.resolve("policy.json"), """
                {"rules": [{"id": "test.fill", "decision": "allow", "reason": "the test fills the disk",
                  "match": {"program": ["dd"]}}]}
                """);
        env.put("AIRLOCK_POLICY", policy.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (env != null) {
            new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Run.Result shim(String command) throws Exception {
        return Run.run(List.of(Run.SHIM.toString(), "-c", command), env, work);
    }

    private List<JsonNode> records() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(disk.resolve("audit.jsonl"))) {
            out.add(json.readTree(line));
        }
        return out;
    }

    @ParameterizedTest(name = "resident {0}")
    @ValueSource(strings = {"0", "1"})
    void aRecordSaysRunOnlyWhenTheCommandRanAndTheAgentIsToldWhatHappened(String resident) throws Exception {
        env.put("AIRLOCK_RESIDENT", resident);
        if (resident.equals("1")) {
            ResidentFixture.ensureRunning(Run.ROOT, env);
        }
        // Longer than a page: its result cannot fit into what is left of the log file's last page.
        String pad = "x".repeat(5000);
        String fill = "dd if=/dev/zero of=" + disk.resolve("fill") + " bs=4k; : " + pad;
        Run.Result filled = shim(fill);
        assertEquals(0, filled.exit(), "the command's own status (that of `:`): " + filled.err());
        assertTrue(Files.size(disk.resolve("fill")) > 0, "dd ran");
        assertTrue(filled.err().contains("airlock: the command ran (exit 0), but its result could not be written to the audit log"),
                filled.err());
        assertFalse(filled.err().contains("nothing was run"), filled.err());
        JsonNode decision = records().stream().filter(r -> fill.equals(r.path("command").asText())).findFirst().orElseThrow();
        assertEquals("run", decision.path("outcome").asText());
        assertEquals(resident.equals("1"), decision.path("resident").asBoolean(), decision.toString());

        String never = "echo never-printed; : " + pad.replace('x', 'y');
        Run.Result refused = shim(never);
        assertEquals(126, refused.exit(), refused.err());
        assertFalse(refused.out().contains("never-printed"), "it did not run");
        assertTrue(refused.err().contains("airlock: cannot write the audit log") && refused.err().contains("nothing was run"),
                refused.err());
        assertFalse(refused.err().contains("Exception"), refused.err());
        assertTrue(records().stream().noneMatch(r -> never.equals(r.path("command").asText())),
                "no record of a command that did not run");

        Files.delete(disk.resolve("fill"));
        assertEquals(0, shim("true").exit());
        Run.Result verify = Run.run(List.of(Run.ROOT.resolve("bin/airlock").toString(), "audit", "verify"), env, work);
        assertEquals(1, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.err().contains("(seq " + decision.path("seq").asLong() + "): result lost"), verify.err());
    }
}
