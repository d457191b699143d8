package dev.airlock.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files that make up one log: {@code audit.jsonl} (current), {@code audit-<time>.jsonl} (rotated),
 * {@code audit.head} (last seq and hash) and {@code audit.lock} (what writers serialise on). The lock
 * is a separate file because the log itself is renamed on rotation, and a lock on a renamed file no
 * longer excludes writers that open the new one.
 */
record LogFiles(Path log) {
    private static final DateTimeFormatter ROTATED = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    LogFiles {
        log = log.toAbsolutePath().normalize();
    }

    Path dir() {
        return log.getParent();
    }

    /** "audit" for audit.jsonl: the stem the head, lock and rotated files share. */
    String stem() {
        String name = log.getFileName().toString();
        return name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    }

    Path head() {
        return dir().resolve(stem() + ".head");
    }

    Path lock() {
        return dir().resolve(stem() + ".lock");
    }

    /** A fresh name for the current file when it is rotated at {@code now}. */
    Path rotatedName(Instant now) {
        String base = stem() + "-" + ROTATED.format(now);
        Path p = dir().resolve(base + ".jsonl");
        for (int i = 1; Files.exists(p); i++) p = dir().resolve(base + "-" + i + ".jsonl");
        return p;
    }

    /** Every file of the log, oldest first: rotated files ordered by their first seq, then the current one. */
    List<Path> chain() throws IOException {
        record Rotated(Path path, long firstSeq) {}
        List<Rotated> rotated = new ArrayList<>();
        if (Files.isDirectory(dir())) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir(), stem() + "-*.jsonl")) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p)) rotated.add(new Rotated(p, firstSeq(p)));
                }
            }
        }
        // Names sort by time, but seq is what the chain follows; a file whose first line is damaged
        // keeps its place by name among the others.
        rotated.sort(Comparator.comparingLong(Rotated::firstSeq).thenComparing(r -> r.path().getFileName().toString()));
        List<Path> all = new ArrayList<>();
        rotated.forEach(r -> all.add(r.path()));
        if (Files.exists(log)) all.add(log);
        return all;
    }

    private static long firstSeq(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(1 << 16);
            int nl = 0;
            while (nl < b.length && b[nl] != '\n') nl++;
            StoredLine s = StoredLine.parse(b, 0, nl);
            return s == null ? Long.MAX_VALUE : s.seq();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
