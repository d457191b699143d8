package dev.airlock.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes the hash chain across the rotated files and the current one, then checks the head.
 * Streams: memory does not grow with the log. Stops at the first broken record, except that a gap in
 * seq makes it read on to tell a deleted record from a moved one.
 */
public final class Verifier {
    private final LogFiles files;

    private Verifier(LogFiles files) {
        this.files = files;
    }

    public static VerifyReport verify(Path log) throws AuditException {
        return new Verifier(new LogFiles(log)).run();
    }

    /** Where the chain stands after the records read so far. */
    private long lastSeq;
    private String lastHash = CanonicalJson.ZERO_HASH;
    private long records;
    private Path lastFile;
    private long lastLine;
    private final List<String> notes = new ArrayList<>();
    private final List<VerifyReport.Problem> losses = new ArrayList<>();
    private final OpenRuns runs = new OpenRuns();
    /** The torn bytes the recovered event being read explains, for its loss. */
    private String tornText;
    /** A run of lines that are not records, waiting for a recovered event that explains them. */
    private Path badFile;
    private long badLine;
    private long badOffset;
    private long badEnd;
    private int badCount;
    /** After a gap: the seq that went missing, looked for further on. */
    private VerifyReport.Problem gap;
    private long wantedSeq = -1;
    private boolean wantedFound;

    private VerifyReport run() throws AuditException {
        List<Path> chain;
        try {
            chain = files.chain();
        } catch (IOException e) {
            throw AuditException.of("cannot list audit log files in", files.dir(), e);
        }
        VerifyReport.Problem problem = null;
        for (Path p : chain) {
            if (gap != null && wantedFound) break;
            try (InputStream in = Files.newInputStream(p); LineReader r = new LineReader(in)) {
                problem = file(p, r);
            } catch (IOException e) {
                throw AuditException.of("cannot read audit log", p, e);
            }
            if (problem != null && gap == null) break;
            if (problem == null && badCount > 0 && p != chain.get(chain.size() - 1)) {
                // A torn end of a rotated file is never explained later: the next writer rotated first.
                problem = torn();
                break;
            }
        }
        if (gap != null) {
            problem = wantedFound ? new VerifyReport.Problem(VerifyReport.Kind.REORDERED, gap.file(), gap.line(), gap.seq(),
                    "seq " + wantedSeq + " should come before it but comes later") : gap;
        }
        if (problem == null && badCount > 0) problem = torn();
        if (problem == null) problem = head();
        // Only a whole chain tells which results are missing; after a break, reading stopped early.
        if (problem == null) losses.addAll(runs.lost());
        return new VerifyReport(records, chain, lastSeq, notes, problem, losses);
    }

    private VerifyReport.Problem file(Path p, LineReader r) throws IOException {
        while (r.next()) {
            byte[] b = r.bytes();
            int len = r.length();
            StoredLine s = r.overlong || !r.terminated ? null : StoredLine.parse(b, 0, len);
            if (gap != null) {
                if (s != null && s.seq() == wantedSeq) {
                    wantedFound = true;
                    return null;
                }
                continue;
            }
            if (s == null) {
                if (badCount == 0) {
                    badFile = p;
                    badLine = r.number;
                    badOffset = r.lineOffset;
                }
                badCount++;
                badEnd = r.lineOffset + len + (r.terminated ? 1 : 0);
                continue;
            }
            VerifyReport.Problem problem = record(p, r, s);
            if (problem != null && gap == null) return problem;   // a gap reads on for the missing seq
        }
        return null;
    }

    private VerifyReport.Problem record(Path p, LineReader r, StoredLine s) {
        byte[] b = r.bytes();
        int len = r.length();
        long line = r.number;
        if (!StoredLine.bodyHash(b, 0, len).equals(s.hash())) {
            return new VerifyReport.Problem(VerifyReport.Kind.EDITED, p, line, s.seq(), "its content does not match its hash");
        }
        JsonNode recovered = recovered(b, len);
        tornText = null;
        if (badCount > 0) {
            VerifyReport.Problem problem = explainTorn(p, r, recovered);
            if (problem != null) return problem;
        }
        if (s.seq() != lastSeq + 1 && !skipsLostSeqs(recovered, s.seq())) {
            if (s.seq() == lastSeq) {
                return new VerifyReport.Problem(VerifyReport.Kind.INSERTED, p, line, s.seq(),
                        "seq " + s.seq() + " appears twice" + where().replace(")", " and this line)")
                                + "; one of the two was added or copied");
            }
            if (s.seq() < lastSeq) {
                return new VerifyReport.Problem(VerifyReport.Kind.INSERTED, p, line, s.seq(),
                        "seq " + s.seq() + " comes after seq " + lastSeq + where() + "; a record was added or copied");
            }
            String missing = s.seq() == lastSeq + 2 ? "seq " + (lastSeq + 1) + " is" : "seq " + (lastSeq + 1) + ".." + (s.seq() - 1) + " are";
            String context = records == 0 ? "the chain starts here; " + missing + " missing (earlier records or files removed)"
                    : missing + " missing after seq " + lastSeq + where();
            gap = new VerifyReport.Problem(VerifyReport.Kind.DELETED, p, line, s.seq(), context);
            wantedSeq = lastSeq + 1;
            return gap;
        }
        if (!s.prev().equals(lastHash)) {
            if (records == 0) {
                return new VerifyReport.Problem(VerifyReport.Kind.DELETED, p, line, s.seq(),
                        "the first record does not start the chain (prev is not 64 zeros): earlier records or files removed");
            }
            return new VerifyReport.Problem(VerifyReport.Kind.REPLACED, p, line, s.seq(),
                    "its prev does not match the hash of seq " + lastSeq + where()
                            + ": that record was rewritten with a new hash, or inserted");
        }
        if (recovered != null) {
            String found = recovered.path("found").asText();
            if (found.equals("torn") || found.equals("truncated") || found.equals("head_mismatch")) {
                losses.add(loss(p, line, s.seq(), recovered, found));
            }
            if (found.equals("head_unreadable")) notes.add("seq " + s.seq() + ": the writer found " + files.head() + " unreadable and rewrote it");
        }
        runs.accept(p, line, s.seq(), b, len);
        lastSeq = s.seq();
        lastHash = s.hash();
        lastFile = p;
        lastLine = line;
        records++;
        return null;
    }

    /** Lines that were not records are fine only when the next record is the recovered event naming them. */
    private VerifyReport.Problem explainTorn(Path p, LineReader r, JsonNode recovered) {
        if (recovered != null && p.equals(badFile) && "torn".equals(recovered.path("found").asText())) {
            long offset = recovered.path("torn_offset").asLong(-1);
            long bytes = recovered.path("torn_bytes").asLong(-1);
            long span = r.lineOffset - badOffset;
            // The writer ends torn bytes that lack a newline with one, which torn_bytes does not count.
            if (offset == badOffset && (span == bytes || span == bytes + 1)) {
                tornText = bytes + " torn byte(s) at offset " + offset + " of " + p.getFileName() + " (line " + badLine
                        + ", " + badCount + " line(s))";
                badCount = 0;
                return null;
            }
        }
        return torn();
    }

    /** A recovered event that skips the seqs of the records it found lost, and only those. */
    private boolean skipsLostSeqs(JsonNode recovered, long seq) {
        return recovered != null && records > 0 && recovered.path("lost_from").asLong(-1) == lastSeq + 1
                && recovered.path("lost_to").asLong(-1) == seq - 1;
    }

    /**
     * What a recovered event says was lost, reported on every verify: the chain goes on past it, so
     * that writing more records never hides it, and the records themselves do not come back.
     */
    private VerifyReport.Problem loss(Path p, long line, long seq, JsonNode recovered, String found) {
        long from = recovered.path("lost_from").asLong(-1);
        long to = recovered.path("lost_to").asLong(-1);
        long head = recovered.path("head_seq").asLong(-1);
        if (from < 0 && head > lastSeq) {
            from = lastSeq + 1; // written before writers recorded the range: the head names its end
            to = head;
        }
        String what = from < 0 ? "records after seq " + lastSeq + " may be lost (the torn bytes name no seq)"
                : (from == to ? "seq " + from + " is lost" : "seq " + from + ".." + to + " are lost");
        String how = switch (found) {
            case "torn" -> tornText != null ? tornText + " are not a whole record"
                    : "the end of the log was torn";
            case "head_mismatch" -> "the head named another record than the log's last: the end of the log was rewritten";
            default -> "the log ended at seq " + lastSeq + " while the head said seq " + head + ": records were cut from the end";
        };
        VerifyReport.Kind kind = found.equals("torn") ? VerifyReport.Kind.TORN : VerifyReport.Kind.TRUNCATED;
        return new VerifyReport.Problem(kind, p, line, seq, what + ": " + how
                + "; the writer of this record found it and the chain goes on from seq " + lastSeq);
    }

    private VerifyReport.Problem torn() {
        long bytes = badEnd - badOffset;
        return new VerifyReport.Problem(VerifyReport.Kind.TORN, badFile, badLine, -1,
                badCount + " line(s), " + bytes + " byte(s) at offset " + badOffset
                        + " are not complete records and no recovered event explains them (a writer died mid-record, or the file was cut or edited)");
    }

    private VerifyReport.Problem head() {
        Head head;
        try {
            head = Head.read(files.head());
        } catch (IOException e) {
            head = Head.UNREADABLE;
        }
        Path hp = files.head();
        if (head == null) {
            if (records == 0) return null;
            return new VerifyReport.Problem(VerifyReport.Kind.HEAD, hp, 0, -1, "missing, so a cut end of the log would not show");
        }
        if (!head.readable()) return new VerifyReport.Problem(VerifyReport.Kind.HEAD, hp, 0, -1, "unreadable");
        if (head.seq() > lastSeq) {
            return new VerifyReport.Problem(VerifyReport.Kind.TRUNCATED, lastFile, lastLine, lastSeq,
                    "the log ends here but " + hp.getFileName() + " says the last record is seq " + head.seq()
                            + ": records were cut from the end");
        }
        if (head.seq() == lastSeq && !head.hash().equals(lastHash)) {
            return new VerifyReport.Problem(VerifyReport.Kind.HEAD, hp, 0, head.seq(),
                    "its hash differs from the last record's: the end of the log was rewritten");
        }
        if (head.seq() < lastSeq) {
            notes.add(hp.getFileName() + " is at seq " + head.seq() + ", behind the log (seq " + lastSeq
                    + "): a writer stopped between writing a record and the head, or records were added without airlock");
        }
        return null;
    }

    private String where() {
        return lastFile == null ? "" : " (" + lastFile.getFileName() + " line " + lastLine + ")";
    }

    private static final byte[] RECOVERED = "\"event\":\"recovered\"".getBytes(StandardCharsets.US_ASCII);

    /** The parsed record when it is a recovered event (rare, so the JSON parser runs rarely). */
    private static JsonNode recovered(byte[] b, int len) {
        // The canonical order puts event right after seq and ts, well within the first 80 bytes.
        int limit = Math.min(len, 80) - RECOVERED.length;
        for (int i = 0; i <= limit; i++) {
            if (java.util.Arrays.equals(b, i, i + RECOVERED.length, RECOVERED, 0, RECOVERED.length)) {
                try {
                    return Json.MAPPER.readTree(b, 0, len);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
