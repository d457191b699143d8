package dev.airlock.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    @TempDir
    Path dir;

    private VerifyReport.Problem problem(Path log) throws AuditException {
        VerifyReport r = Verifier.verify(log);
        assertTrue(!r.intact(), "expected a broken chain, got intact " + r);
        return r.firstTrouble();
    }

    @Test
    void acceptsAnUntouchedLog() throws Exception {
        Path log = LogFixture.write(dir, 5);
        VerifyReport r = Verifier.verify(log);
        assertNull(r.problem(), () -> r.problem().describe());
        assertEquals(5, r.records());
        assertEquals(5, r.lastSeq());
    }

    @Test
    void catchesAnEditedField() throws Exception {
        Path log = LogFixture.write(dir, 5);
        List<String> lines = LogFixture.lines(log);
        lines.set(2, lines.get(2).replace("\"decision\":\"ask\"", "\"decision\":\"allow\""));
        LogFixture.writeLines(log, lines);
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.EDITED, p.kind());
        assertEquals(3, p.line());
        assertEquals(3, p.seq());
    }

    @Test
    void catchesADeletedLine() throws Exception {
        Path log = LogFixture.write(dir, 5);
        List<String> lines = LogFixture.lines(log);
        lines.remove(2);
        LogFixture.writeLines(log, lines);
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.DELETED, p.kind());
        assertEquals(4, p.seq());
        assertTrue(p.describe().contains("seq 3 is missing"), p.describe());
    }

    @Test
    void catchesTwoSwappedLines() throws Exception {
        Path log = LogFixture.write(dir, 5);
        List<String> lines = LogFixture.lines(log);
        String third = lines.get(2);
        lines.set(2, lines.get(3));
        lines.set(3, third);
        LogFixture.writeLines(log, lines);
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.REORDERED, p.kind());
        assertEquals(3, p.line());
    }

    @Test
    void catchesAnInsertedForgedLineWithARecomputedHash() throws Exception {
        Path log = LogFixture.write(dir, 5);
        List<String> lines = LogFixture.lines(log);
        // A copy of record 3 claiming a harmless command, re-hashed: it chains to seq 2 like the real one.
        String forged = LogFixture.reHash(lines.get(2).replace("touch f3", "ls"));
        lines.add(2, forged);
        LogFixture.writeLines(log, lines);
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.INSERTED, p.kind());
        assertEquals(4, p.line());
    }

    @Test
    void catchesAReplacedLineWithARecomputedHash() throws Exception {
        Path log = LogFixture.write(dir, 5);
        List<String> lines = LogFixture.lines(log);
        lines.set(1, LogFixture.reHash(lines.get(1).replace("touch f2", "ls")));
        LogFixture.writeLines(log, lines);
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.REPLACED, p.kind());
        assertEquals(3, p.seq());
    }

    @Test
    void catchesATruncatedTailThroughTheHead() throws Exception {
        Path log = LogFixture.write(dir, 5);
        List<String> lines = LogFixture.lines(log);
        LogFixture.writeLines(log, lines.subList(0, 3));
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.TRUNCATED, p.kind());
        assertTrue(p.describe().contains("seq 5"), p.describe());
    }

    @Test
    void catchesADeletedHead() throws Exception {
        Path log = LogFixture.write(dir, 2);
        Files.delete(dir.resolve("audit.head"));
        assertEquals(VerifyReport.Kind.HEAD, problem(log).kind());
    }

    @Test
    void catchesATornLastLine() throws Exception {
        Path log = LogFixture.write(dir, 3);
        Files.writeString(log, "{\"seq\":4,\"ts\":\"2026-", StandardOpenOption.APPEND);
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.TORN, p.kind());
        assertEquals(4, p.line());
    }

    @Test
    void reportsATornLineThatTheNextWriterRecordedWithItsSeqOnEveryVerify() throws Exception {
        Path log = LogFixture.write(dir, 3);
        long size = Files.size(log);
        Files.writeString(log, "{\"seq\":4,\"ts\":\"2026-", StandardOpenOption.APPEND);
        try (AuditLog a = AuditLog.open(log, LogFixture.options(AuditLog.DEFAULT_MAX_BYTES))) {
            assertEquals(6, a.append(LogFixture.decision(9)), "seq 4 is the torn record's: never given again");
        }
        List<String> lines = LogFixture.lines(log);
        assertTrue(lines.get(4).contains("\"event\":\"recovered\""), lines.get(4));
        assertTrue(lines.get(4).contains("\"torn_offset\":" + size), lines.get(4));
        assertTrue(lines.get(4).contains("\"torn_bytes\":20"), lines.get(4));
        assertTrue(lines.get(4).contains("\"lost_from\":4,\"lost_to\":4"), lines.get(4));
        VerifyReport r = Verifier.verify(log);
        assertNull(r.problem(), () -> r.problem().describe());
        assertEquals(1, r.losses().size(), r.losses().toString());
        String loss = r.losses().get(0).describe();
        assertTrue(loss.contains("torn: seq 4 is lost") && loss.contains("20 torn byte(s)"), loss);
        assertFalse(r.intact());
    }

    @Test
    void rejectsATornLineFollowedByARecoveredEventForOtherBytes() throws Exception {
        Path log = LogFixture.write(dir, 3);
        Files.writeString(log, "{\"seq\":4,\"ts\":\"2026-", StandardOpenOption.APPEND);
        try (AuditLog a = AuditLog.open(log, LogFixture.options(AuditLog.DEFAULT_MAX_BYTES))) {
            a.append(LogFixture.decision(9));
        }
        List<String> lines = LogFixture.lines(log);
        lines.set(3, "{\"seq\":4,\"ts\":\"2026-11-24T10:00:00.000Z\",\"command\":\"rm -rf x\"}");
        LogFixture.writeLines(log, lines);
        assertEquals(VerifyReport.Kind.TORN, problem(log).kind());
    }

    @Test
    void recordsAHeadAheadOfTheLogAsTruncationEvenAfterMoreAppends() throws Exception {
        Path log = LogFixture.write(dir, 5);
        LogFixture.writeLines(log, LogFixture.lines(log).subList(0, 3));
        try (AuditLog a = AuditLog.open(log, LogFixture.options(AuditLog.DEFAULT_MAX_BYTES))) {
            a.append(LogFixture.decision(6));
        }
        String recovered = LogFixture.lines(log).get(3);
        assertTrue(recovered.contains("\"found\":\"truncated\"") && recovered.contains("\"head_seq\":5"), recovered);
        VerifyReport.Problem p = problem(log);
        assertEquals(VerifyReport.Kind.TRUNCATED, p.kind());
        assertEquals(6, p.seq(), "the recovered record skips the lost seqs 4 and 5");
        assertTrue(p.detail().startsWith("seq 4..5 are lost"), p.detail());
        assertNull(Verifier.verify(log).problem(), "the chain goes on past the loss");
    }

    @Test
    void keepsBytesExactForNonAsciiAndControlCharacters() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (AuditLog a = AuditLog.open(log, LogFixture.options(AuditLog.DEFAULT_MAX_BYTES))) {
            a.append(AuditRecord.decision("s", 1, "/tmp/ü", "printf 'é\\t\u0001\"\\\\' \uD83D\uDE00 \uD800", "ask",
                    List.of(), List.of(), "tty", java.util.Map.of("argv", List.of("a\nb"), "env", java.util.Map.of("B", 1, "A", true))));
        }
        String line = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(line.contains("\\u0001") && line.contains("\\ud800") && line.contains("\"env\":{\"A\":true,\"B\":1}"), line);
        assertNull(Verifier.verify(log).problem());
        // Jackson reads back what was written.
        var node = Json.MAPPER.readTree(line);
        assertEquals("/tmp/ü", node.get("cwd").asText());
        assertEquals("a\nb", node.get("argv").get(0).asText());
    }
}
