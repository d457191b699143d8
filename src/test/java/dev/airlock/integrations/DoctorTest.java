package dev.airlock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `airlock doctor` on a working setup and on one broken in the ways people break it. */
class DoctorTest extends InPrivateHome {

    @BeforeEach
    void setUp() throws Exception {
        agentsOnPath("/usr/bin:/bin", "claude");
        airlock.env.put("AIRLOCK_SOCKET", tmp.resolve("console.sock").toString());
    }

    private static List<String> lines(Airlock.Result r, String level) {
        return r.out().lines().filter(l -> l.startsWith(level + " ")).toList();
    }

    @Test
    void aWorkingSetupHasNoProblems() throws Exception {
        assertEquals(0, airlock.run("setup", "claude-code", "--apply").exit());
        // A command through the shim, so there is a log whose chain doctor verifies.
        Airlock.Result ls = airlock.exec(List.of(Airlock.SHIM_BASH.toString(), "-c", "ls"), new byte[0]);
        assertEquals(0, ls.exit(), ls.err());
        try (ServerSocketChannel console = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            console.bind(UnixDomainSocketAddress.of(tmp.resolve("console.sock")));
            Airlock.Result r = airlock.run("doctor");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertEquals(List.of(), lines(r, "FAIL"), r.out());
            assertTrue(r.out().contains("ok    Java 1") || r.out().contains("ok    Java 2"), r.out());
            assertTrue(r.out().contains("ok    policy: builtin default.json; "), r.out());
            assertTrue(r.out().contains("records, chain intact"), r.out());
            assertTrue(r.out().contains("ok    console: listening on " + tmp.resolve("console.sock")), r.out());
            assertTrue(r.out().contains("ok    claude-code 9.8.7: guarded: "), r.out());
            assertTrue(r.out().contains("note  codex: not installed"), r.out());
            assertTrue(r.out().contains("note  resident server: off (AIRLOCK_RESIDENT=0)"), r.out());
            assertTrue(r.out().endsWith("No problems found.\n"), r.out());
        }
    }

    @Test
    void namesTheResidentServerThatAnswers() throws Exception {
        Path install = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        airlock.env.put("AIRLOCK_RESIDENT", "1");
        long pid = dev.airlock.testing.ResidentFixture.ensureRunning(install, airlock.env);
        Airlock.Result r = airlock.run("doctor");
        assertTrue(r.out().contains("ok    resident server: pid " + pid + " on 127.0.0.1:"), r.out());
    }

    @Test
    void countsThePolicyExamplesAsPolicyTestDoes() throws Exception {
        Airlock.Result test = airlock.run("policy", "test");
        String summary = test.out().lines().filter(l -> l.endsWith(" failed")).findFirst().orElseThrow();
        int passed = Integer.parseInt(summary.substring(0, summary.indexOf(' ')));
        assertTrue(passed > 100, summary);
        Airlock.Result doctor = airlock.run("doctor");
        assertTrue(doctor.out().contains("; " + passed + " examples pass"), doctor.out());
    }

    @Test
    void aBrokenSetupIsReportedWithWhatToFixAndExitsOne() throws Exception {
        Path policy = airlock.write(".config/airlock/policy.json", "{\"airlock_policy\": 1, \"rules\": [\n");
        Path claude = airlock.write(".claude/settings.json", "{\"env\": {\"CLAUDE_CODE_SHELL\": \"/opt/moved-airlock/bin/shim/bash\"}}");
        assertEquals(126, airlock.exec(List.of(Airlock.SHIM_BASH.toString(), "-c", "echo fine"), new byte[0]).exit(),
                "with a broken policy the shim refuses");
        // A log whose first record was edited after the fact.
        Files.createDirectories(airlock.auditLog().getParent());
        Files.writeString(airlock.auditLog(), "{\"seq\":1,\"ts\":\"2026-11-25T10:00:00.000Z\",\"event\":\"decision\",\"command\":\"ls\","
                + "\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"hash\":\"" + "ab".repeat(32) + "\"}\n");
        Airlock.Result r = airlock.run("doctor");
        assertEquals(1, r.exit(), r.out() + r.err());
        List<String> failed = lines(r, "FAIL");
        assertEquals(3, failed.size(), r.out());
        assertTrue(failed.get(0).startsWith("FAIL  policy: " + policy), r.out());
        assertTrue(failed.get(1).contains("the chain is broken"), r.out());
        assertTrue(failed.get(2).startsWith("FAIL  claude-code 9.8.7: ") && failed.get(2).contains("which is missing: run airlock setup claude-code --apply"), r.out());
        assertTrue(r.out().contains("note  console: none on "), r.out());
        assertTrue(r.out().endsWith("3 problems found: fix the FAIL lines above, then run airlock doctor again.\n"), r.out());
    }
}
