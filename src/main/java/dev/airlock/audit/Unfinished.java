package dev.airlock.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resident path's decisions for one launcher that have no result record: what airlock-sh's JVM
 * completes when the resident server ended before it could write the result itself (the launcher
 * hands over the command's status), or before it answered (the launcher decides again). Reads only
 * the files written since the launcher started, and parses only that launcher's decisions.
 */
public final class Unfinished {
    private Unfinished() {}

    /** A decision of the resident path that said `run`, as its result must name it. */
    public record Decision(long seq, String session, String cwd, String command, String agent) {}

    /** Decisions of the resident path for {@code pid} (started at {@code since}) without a result, oldest first. */
    public static List<Decision> of(Path log, long pid, Instant since) throws AuditException {
        Map<Long, Decision> open = new LinkedHashMap<>();
        for (Path p : AuditReader.files(log)) {
            try {
                // Rounded down by the file system's clock: a file last written before the launcher started holds none of its decisions.
                if (Files.getLastModifiedTime(p).toInstant().plusSeconds(1).isBefore(since)) continue;
            } catch (IOException e) {
                continue; // rotated away meanwhile
            }
            read(p, pid, open);
        }
        return List.copyOf(open.values());
    }

    private static void read(Path p, long pid, Map<Long, Decision> open) throws AuditException {
        OpenRuns runs = new OpenRuns();
        try (InputStream in = Files.newInputStream(p); LineReader r = new LineReader(in)) {
            while (r.next()) {
                if (!r.terminated || r.overlong) continue;
                byte[] b = r.bytes();
                int len = r.length();
                OpenRuns.Open o = runs.decision(b, len);
                if (o != null) {
                    if (o.pid() == pid && o.resident()) {
                        JsonNode n = Json.MAPPER.readTree(b, 0, len);
                        long seq = n.path("seq").asLong();
                        open.put(seq, new Decision(seq, n.path("session").asText(), n.path("cwd").asText(),
                                n.path("command").asText(), n.path("agent").asText("")));
                    }
                } else {
                    long of = runs.resultOf(b, len);
                    if (of >= 0) open.remove(of);
                }
            }
        } catch (NoSuchFileException e) {
            // rotated away between listing and opening: its records are in the next file's chain
        } catch (IOException e) {
            throw AuditException.of("cannot read audit log", p, e);
        }
    }

    /** Seqs of {@code decisions}, for messages. */
    public static List<Long> seqs(List<Decision> decisions) {
        List<Long> out = new ArrayList<>();
        decisions.forEach(d -> out.add(d.seq()));
        return out;
    }
}
