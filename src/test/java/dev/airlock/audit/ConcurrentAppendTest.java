package dev.airlock.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentAppendTest {
    @TempDir
    Path dir;

    @Test
    void fortyProcessesAppendingAtOnceKeepEveryRecordOnceAndTheChainIntact() throws Exception {
        Path log = dir.resolve("state/audit.jsonl");
        int writers = 40;
        int each = 5;
        Spawn.appendInParallel(log, writers, each, AuditLog.DEFAULT_MAX_BYTES);

        Set<String> seen = new HashSet<>();
        Set<Long> seqs = new HashSet<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode n = Json.MAPPER.readTree(line);
            String key = n.get("writer").asText() + "/" + n.get("n").asLong();
            assertEquals(true, seen.add(key), "record written twice: " + key);
            assertEquals(true, seqs.add(n.get("seq").asLong()), "seq used twice: " + n.get("seq"));
        }
        assertEquals(writers * each, seen.size());
        VerifyReport r = Verifier.verify(log);
        assertNull(r.problem(), () -> r.problem().describe());
        assertEquals(writers * each, r.lastSeq());
    }

    @Test
    void processesRotatingUnderContentionKeepOneChain() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        Spawn.appendInParallel(log, 6, 10, 4000);
        VerifyReport r = Verifier.verify(log);
        assertNull(r.problem(), () -> r.problem().describe());
        assertEquals(60, r.records());
        assertEquals(true, r.files().size() > 3, "expected rotation, got " + r.files());
    }
}
