package dev.airlock.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds small logs for tests and edits them the way an attacker or a crash would. */
final class LogFixture {
    private LogFixture() {}

    static AuditLog.Options options(long maxBytes) {
        return new AuditLog.Options(maxBytes, false, Clock.systemUTC());
    }

    static AuditRecord decision(int i) {
        return AuditRecord.decision("s1", 100 + i, "/work", "touch f" + i, "ask", List.of("writes-files"),
                List.of("touch creates files"), "console", Map.of("wait_ms", 10L * i));
    }

    /** A log of n decision records. */
    static Path write(Path dir, int n) throws AuditException {
        Path log = dir.resolve("audit.jsonl");
        try (AuditLog a = AuditLog.open(log, options(AuditLog.DEFAULT_MAX_BYTES))) {
            for (int i = 1; i <= n; i++) a.append(decision(i));
        }
        return log;
    }

    static List<String> lines(Path log) throws IOException {
        return new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    static void writeLines(Path log, List<String> lines) throws IOException {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** A record line with a field replaced and its hash recomputed, as a forger with the source would. */
    static String reHash(String line) {
        int at = line.lastIndexOf(",\"hash\":\"");
        String body = line.substring(0, at) + "}";
        return CanonicalJson.line(body, CanonicalJson.sha256(body)).stripTrailing();
    }
}
