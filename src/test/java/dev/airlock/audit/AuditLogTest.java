package dev.airlock.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void defaultPathFollowsAirlockAuditThenXdgStateHomeThenHome() {
        assertEquals(Path.of("/a/log.jsonl"), AuditLog.defaultPath(Map.of("AIRLOCK_AUDIT", "/a/log.jsonl", "XDG_STATE_HOME", "/s")));
        assertEquals(Path.of("/s/airlock/audit.jsonl"), AuditLog.defaultPath(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h")));
        assertEquals(Path.of("/h/.local/state/airlock/audit.jsonl"), AuditLog.defaultPath(Map.of("XDG_STATE_HOME", "rel", "HOME", "/h")));
        assertEquals(Path.of("/h/.local/state/airlock/audit.jsonl"), AuditLog.defaultPath(Map.of("HOME", "/h")));
    }

    @Test
    void writesTheDocumentedFieldsAndChainsFromZeros() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        long d;
        try (AuditLog a = AuditLog.open(log, LogFixture.options(AuditLog.DEFAULT_MAX_BYTES))) {
            d = a.append(AuditRecord.decision("s1", 42, "/w", "rm x", "ask", List.of("writes-files"), List.of("rm deletes"), "console",
                    Map.of("agent", "codex", "wait_ms", 1200)));
            assertEquals(2, a.append(AuditRecord.result("s1", 42, "/w", "rm x", d, 0, 15, Map.of())));
        }
        assertEquals(1, d);
        List<String> lines = Files.readAllLines(log);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        JsonNode second = Json.MAPPER.readTree(lines.get(1));
        assertTrue(lines.get(0).startsWith("{\"seq\":1,\"ts\":\""), lines.get(0));
        assertTrue(first.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), first.get("ts").asText());
        assertEquals("0".repeat(64), first.get("prev").asText());
        assertEquals("codex", first.get("agent").asText());
        assertEquals("console", first.get("approver").asText());
        assertEquals(first.get("hash").asText(), second.get("prev").asText());
        assertEquals(1, second.get("decision_seq").asLong());
        assertEquals(15, second.get("duration_ms").asLong());
        assertEquals(0, second.get("exit").asInt());
        assertEquals(null, second.get("decision"));
        assertEquals("{\"seq\":2,\"hash\":\"" + second.get("hash").asText() + "\"}\n", Files.readString(dir.resolve("audit.head")));
    }

    @Test
    void createsAPrivateDirectoryAndFiles() throws Exception {
        Path log = dir.resolve("new/state/audit.jsonl");
        try (AuditLog a = AuditLog.open(log, LogFixture.options(AuditLog.DEFAULT_MAX_BYTES))) {
            a.append(LogFixture.decision(1));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.resolveSibling("audit.head"))));
    }

    @Test
    void aDirectoryThatCannotBeCreatedGivesAnExceptionNamingThePath() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a directory");
        Path log = blocker.resolve("airlock/audit.jsonl");
        AuditException e = assertThrows(AuditException.class, () -> AuditLog.open(log));
        assertTrue(e.getMessage().startsWith("cannot create audit log directory " + blocker.resolve("airlock")), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().startsWith("airlock:"), e.getMessage());
    }

    @Test
    void anUnwritableDirectoryGivesAnExceptionNamingThePath() throws Exception {
        // /proc/1 takes no new files, not even from root (tests here may run as root, which writes
        // through permission bits).
        Path log = Path.of("/proc/1/audit.jsonl");
        AuditException e = assertThrows(AuditException.class, () -> AuditLog.open(log));
        assertTrue(e.getMessage().startsWith("cannot open audit log " + log + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().startsWith("airlock:"), e.getMessage());
    }

    @Test
    void aLogPathThatIsADirectoryGivesAnExceptionNamingThePath() throws Exception {
        Path log = Files.createDirectories(dir.resolve("audit.jsonl"));
        AuditException e = assertThrows(AuditException.class, () -> AuditLog.open(log));
        assertTrue(e.getMessage().startsWith("cannot open audit log " + log + ": "), e.getMessage());
    }

    @Test
    void rotationRenamesTheFileAndContinuesTheChain() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (AuditLog a = AuditLog.open(log, LogFixture.options(1500))) {
            for (int i = 1; i <= 12; i++) a.append(LogFixture.decision(i));
        }
        List<Path> rotated;
        try (var s = Files.list(dir)) {
            rotated = s.filter(p -> p.getFileName().toString().matches("audit-\\d{8}T\\d{6}\\.\\d{3}Z(-\\d+)?\\.jsonl")).sorted().toList();
        }
        assertTrue(rotated.size() >= 2, "rotated: " + rotated);
        JsonNode firstOfCurrent = Json.MAPPER.readTree(Files.readAllLines(log).get(0));
        List<String> lastRotated = Files.readAllLines(new LogFiles(log).chain().get(rotated.size() - 1));
        JsonNode lastOfPrevious = Json.MAPPER.readTree(lastRotated.get(lastRotated.size() - 1));
        assertEquals(lastOfPrevious.get("hash").asText(), firstOfCurrent.get("prev").asText());
        VerifyReport r = Verifier.verify(log);
        assertNull(r.problem(), () -> r.problem().describe());
        assertEquals(12, r.records());
    }

    @Test
    void aDeletedRotatedFileBreaksTheChain() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (AuditLog a = AuditLog.open(log, LogFixture.options(1500))) {
            for (int i = 1; i <= 12; i++) a.append(LogFixture.decision(i));
        }
        Files.delete(new LogFiles(log).chain().get(0));
        assertEquals(VerifyReport.Kind.DELETED, Verifier.verify(log).problem().kind());
    }

    @Test
    void aWiperOfTheCurrentFileIsCaughtBecauseTheNextRecordChainsFromTheHead() throws Exception {
        Path log = LogFixture.write(dir, 3);
        Files.delete(log);
        try (AuditLog a = AuditLog.open(log, LogFixture.options(AuditLog.DEFAULT_MAX_BYTES))) {
            assertEquals(4, a.append(LogFixture.decision(4)));
        }
        assertEquals(VerifyReport.Kind.DELETED, Verifier.verify(log).problem().kind());
    }

    @Test
    void extraFieldsMayNotShadowRecordFields() {
        assertThrows(IllegalArgumentException.class, () -> LogFixture.decision(1).with("hash", "x"));
        assertThrows(IllegalArgumentException.class, () -> LogFixture.decision(1).with("when", new Object()));
    }
}
