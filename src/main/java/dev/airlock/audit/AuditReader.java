package dev.airlock.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams the records of a log, oldest first across rotated files. Lines that are not JSON records
 * are reported through {@code warn} with file and line number and skipped; reading goes on.
 */
public final class AuditReader {
    private AuditReader() {}

    /** Every file of the log, oldest first; empty when there is no log yet. */
    public static List<Path> files(Path log) throws AuditException {
        LogFiles f = new LogFiles(log);
        try {
            return f.chain();
        } catch (IOException e) {
            throw AuditException.of("cannot list audit log files in", f.dir(), e);
        }
    }

    public static void read(Path log, Consumer<StoredRecord> sink, Consumer<String> warn) throws AuditException {
        for (Path p : files(log)) readFile(p, 0, sink, warn);
    }

    /** Reads one file from a byte offset; returns the offset after the last complete line. */
    static long readFile(Path p, long from, Consumer<StoredRecord> sink, Consumer<String> warn) throws AuditException {
        try (InputStream in = Files.newInputStream(p)) {
            in.skipNBytes(from);
            return readStream(p, in, from, sink, warn);
        } catch (NoSuchFileException e) {
            return from;   // rotated away between listing and opening
        } catch (IOException e) {
            throw AuditException.of("cannot read audit log", p, e);
        }
    }

    static long readStream(Path p, InputStream in, long from, Consumer<StoredRecord> sink, Consumer<String> warn) throws IOException {
        long end = from;
        // The caller owns the stream: the follower keeps its channel open between reads.
        LineReader r = new LineReader(in);
        {
            while (r.next()) {
                if (!r.terminated) break;   // still being written, or torn: not a record yet
                end = from + r.lineOffset + r.length() + 1;
                if (r.length() == 0) continue;
                JsonNode n = null;
                String line = new String(r.bytes(), 0, r.length(), StandardCharsets.UTF_8);
                try {
                    if (!r.overlong) n = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    n = null;
                }
                if (n == null || !n.isObject() || !n.has("seq")) {
                    warn.accept(p + ":" + r.number + ": not an audit record, skipped");
                    continue;
                }
                sink.accept(new StoredRecord(n, line, p, r.number));
            }
        }
        return end;
    }
}
