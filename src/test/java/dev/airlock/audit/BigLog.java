package dev.airlock.audit;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a large valid log quickly (no lock, no force), for measuring the readers:
 * {@code BigLog FILE RECORDS}. Every third record is a result joined to the decision before it.
 */
public final class BigLog {
    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        Files.createDirectories(log.toAbsolutePath().getParent());
        String prev = CanonicalJson.ZERO_HASH;
        long lastDecision = 0;
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (long seq = 1; seq <= n; seq++) {
                AuditRecord r;
                if (seq % 3 == 0) {
                    r = AuditRecord.result("s" + (seq % 97), seq, "/w", "make test " + seq, lastDecision, (int) (seq % 2), 40, Map.of());
                } else {
                    String d = seq % 5 == 0 ? "deny" : seq % 2 == 0 ? "ask" : "allow";
                    r = AuditRecord.decision("s" + (seq % 97), seq, "/w", "make test " + seq, d, List.of("runs-code"),
                            List.of("make runs the Makefile"), d.equals("ask") ? "console" : "policy", Map.of("wait_ms", seq % 5000));
                    lastDecision = seq;
                }
                String body = CanonicalJson.body(seq, "2026-11-24T10:00:00.000Z", r, prev);
                prev = CanonicalJson.sha256(body);
                w.write(CanonicalJson.line(body, prev));
            }
        }
        new Head(n, prev).write(new LogFiles(log).head());
    }
}
