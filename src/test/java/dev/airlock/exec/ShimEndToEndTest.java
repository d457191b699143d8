package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.audit.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** airlock-sh started as agents start it: refusals, the audit log, the environment, bad input. */
class ShimEndToEndTest {

    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        env = Run.env(home);
    }

    private Run.Result shim(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Run.SHIM.toString()));
        argv.addAll(List.of(args));
        return Run.run(argv, env, work);
    }

    private List<JsonNode> audit() throws IOException {
        return Run.auditRecords(home);
    }

    @Test
    void refusesAStateChangeWithNoApproverAndRunsNothing() throws Exception {
        Run.Result r = shim("-c", "touch made-by-agent");
        assertEquals(126, r.exit());
        assertTrue(r.err().startsWith("airlock: refused: touch made-by-agent"), r.err());
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("airlock:")), r.err());
        assertTrue(r.err().contains("stop here and ask your user"), r.err());
        assertFalse(Files.exists(work.resolve("made-by-agent")));
        JsonNode rec = audit().get(0);
        assertEquals("decision", rec.get("event").asText());
        assertEquals("ask", rec.get("decision").asText());
        assertEquals("none", rec.get("approver").asText());
        assertEquals("refused", rec.get("outcome").asText());
    }

    @Test
    void deniesCatastrophicCommandsAndSaysWhy() throws Exception {
        Files.writeString(work.resolve("keep.txt"), "x");
        Run.Result r = shim("-c", "cd / && rm -rf *");
        assertEquals(126, r.exit());
        assertTrue(r.err().contains("delete.catastrophic"), r.err());
        assertTrue(Files.exists(work.resolve("keep.txt")));
        assertEquals("deny", audit().get(0).get("decision").asText());
    }

    @Test
    void allowedCommandIsLoggedBeforeAndAfterWithItsStatus() throws Exception {
        Run.Result r = shim("-c", "ls; exit 5");
        assertEquals(5, r.exit());
        List<JsonNode> log = audit();
        assertEquals(2, log.size());
        assertEquals("decision", log.get(0).get("event").asText());
        assertEquals("allow", log.get(0).get("decision").asText());
        assertEquals("policy", log.get(0).get("approver").asText());
        // The resident run of this class (pom.xml) must really have taken the resident path.
        assertEquals(dev.airlock.testing.TestEnv.resident(), log.get(0).path("resident").asBoolean(), log.get(0).toString());
        assertEquals("result", log.get(1).get("event").asText());
        assertEquals(5, log.get(1).get("exit").asInt());
        assertEquals(log.get(0).get("seq").asLong(), log.get(1).get("decision_seq").asLong());
        assertTrue(log.get(0).get("process_chain").isArray());
        assertTrue(Verifier.verify(Run.auditLog(home)).intact());
    }

    @Test
    void scrubsSecretsFromTheRealShellAndLogsTheirNames() throws Exception {
        env.put("MY_API_TOKEN", "s3cr3t-value");
        env.put("AWS_SECRET_ACCESS_KEY", "aws-secret");
        env.put("HARMLESS", "visible");
        Run.Result r = shim("-c", "printenv HARMLESS; printenv MY_API_TOKEN; printenv AWS_SECRET_ACCESS_KEY; echo end");
        assertEquals("visible\nend\n", r.out());
        JsonNode rec = audit().get(0);
        List<String> scrubbed = new ArrayList<>();
        rec.get("scrubbed_env").forEach(n -> scrubbed.add(n.asText()));
        assertTrue(scrubbed.containsAll(List.of("MY_API_TOKEN", "AWS_SECRET_ACCESS_KEY")), scrubbed.toString());
        assertFalse(Files.readString(Run.auditLog(home)).contains("s3cr3t-value"));
    }

    @Test
    void nestedBashOnPathDoesNotComeBackToAirlock() throws Exception {
        env.put("PATH", Run.SHIM.getParent() + ":" + env.get("PATH"));
        Run.Result r = shim("-c", "bash -c 'echo nested; echo $PATH'");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("nested\n"), r.out());
        assertFalse(r.out().contains(Run.SHIM.getParent().toString()), "the shim directory must leave PATH: " + r.out());
        assertEquals(2, audit().size(), "one decision and one result: the inner bash is the real one");
    }

    @Test
    void shellSeenByTheCommandStaysTheShim() throws Exception {
        env.put("SHELL", Run.SHIM.toString());
        assertEquals(Run.SHIM + "\n", shim("-c", "echo $SHELL").out());
    }

    @Test
    void fortyConcurrentShimsAreAllLoggedInOneValidChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Run.Result>> runs = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            int n = k;
            runs.add(pool.submit(() -> shim("-c", "echo run-" + n)));
        }
        for (int k = 0; k < 40; k++) {
            assertEquals("run-" + k + "\n", runs.get(k).get().out());
        }
        pool.shutdown();
        List<JsonNode> log = audit();
        assertEquals(80, log.size());
        for (int k = 0; k < 40; k++) {
            String cmd = "echo run-" + k;
            assertEquals(2, log.stream().filter(n -> n.get("command").asText().equals(cmd)).count(), cmd);
        }
        assertTrue(Verifier.verify(Run.auditLog(home)).intact());
    }

    @Test
    void usageErrorsExitTwoLikeBash() throws Exception {
        assertEquals(2, shim("-c").exit());
        assertEquals(2, shim("-Z", "-c", "ls").exit());
        assertEquals(2, shim("--bogus").exit());
    }

    @Test
    void badInputIsRefusedWithOneClearLine() throws Exception {
        assertEquals(126, shim("-c", "").exit());
        assertEquals(126, shim("-c", "echo 'unterminated").exit());
        Run.Result big = shim("-c", "echo " + "a".repeat(120_000));
        assertEquals(0, big.exit(), "a 120 KB command (near the kernel's per-argument limit) still works");
        env.put("AIRLOCK_REAL_SHELL", "/nonexistent/bash");
        Run.Result noShell = shim("-c", "ls");
        assertEquals(126, noShell.exit());
        assertTrue(noShell.err().contains("/nonexistent/bash"), noShell.err());
    }

    @Test
    void invalidUtf8InTheCommandIsRefused() throws Exception {
        Run.Result r = Run.run(List.of("/bin/bash", "-c", "exec \"$0\" -c $'echo \\xff\\xfe'", Run.SHIM.toString()), env, work);
        assertEquals(126, r.exit(), r.err());
        assertTrue(r.err().contains("UTF-8"), r.err());
    }

    @Test
    void unwritableAuditLogRefusesTheCommand() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
        env.put("AIRLOCK_AUDIT", blocker.resolve("audit.jsonl").toString());
        Run.Result r = shim("-c", "touch should-not-exist; ls");
        assertEquals(126, r.exit());
        assertTrue(r.err().startsWith("airlock: cannot write the audit log"), r.err());
        assertFalse(Files.exists(work.resolve("should-not-exist")));
    }

    @Test
    void aScriptOperandIsJudgedAsRunningThatScriptNotSkipped() throws Exception {
        Files.writeString(work.resolve("job.sh"), "touch \"ran-$1\"\nexit 4\n");
        env.put("AIRLOCK_SANDBOX", "off"); // with a sandbox, a script runs read-only without a question (SandboxEscapeTest)
        Run.Result refused = shim("job.sh", "a b");
        assertEquals(126, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("airlock: refused: /bin/bash job.sh 'a b'"), refused.err());
        assertFalse(Files.exists(work.resolve("ran-a b")));
        assertEquals("/bin/bash job.sh 'a b'", audit().get(0).get("command").asText());
        env.remove("AIRLOCK_SANDBOX");

        // A user rule that lets a script write says so: an allow runs read-only wherever a sandbox can be had.
        Path policy = Files.writeString(tmp.resolve("allow-scripts.json"), """
                {"rules": [{"id": "test.scripts", "decision": "allow", "reason": "scripts allowed in this test",
                            "sandbox": "none", "match": {"program": ["bash"]}}]}""");
        env.put("AIRLOCK_POLICY", policy.toString());
        Run.Result ran = shim("-e", "job.sh", "a b");
        assertEquals(4, ran.exit(), ran.err());
        assertTrue(Files.exists(work.resolve("ran-a b")));
        List<JsonNode> log = audit();
        assertEquals("/bin/bash -e job.sh 'a b'", log.get(log.size() - 2).get("command").asText());
        assertEquals(4, log.get(log.size() - 1).get("exit").asInt());
    }

    @Test
    void brokenPolicyRefusesEverything() throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.json"), "{\"rules\": [ {\"id\": \"x\" ");
        env.put("AIRLOCK_POLICY", policy.toString());
        Run.Result r = shim("-c", "ls");
        assertEquals(126, r.exit());
        assertTrue(r.err().startsWith("airlock: policy: " + policy), r.err());
    }

    @Test
    void versionAnswersLikeBashWithAirlocksLine() throws Exception {
        Run.Result r = shim("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("airlock-sh"), r.out());
        assertTrue(r.out().contains("GNU bash"), r.out());
    }

    @Test
    void pipedCommandsRunInOnePersistentShellAndRefusalsGoOn() throws Exception {
        Path script = Files.writeString(tmp.resolve("cmds.sh"), "cd /\nx=5\necho \"$x $PWD\"\ntouch nope\necho $?\n"
                + "for i in 1 2\ndo echo i$i\ndone\nexit 4\necho unreachable\n");
        List<String> argv = List.of("/bin/bash", "-c", "exec \"$0\" < \"$1\"", Run.SHIM.toString(), script.toString());
        Run.Result r = Run.run(argv, env, work);
        assertEquals("5 /\n126\ni1\ni2\n", r.out());
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("airlock: refused: touch nope"), r.err());
    }
}
