package dev.airlock.audit;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows the current log file like {@code tail -F}: each {@link #poll} emits the complete lines added
 * since the last one. When the file is rotated, the rest of the old file is read before the new one, so
 * no record is skipped. Records at or below {@code afterSeq} are not emitted again.
 */
public final class Follower implements AutoCloseable {
    private final Path log;
    private final Consumer<StoredRecord> sink;
    private final Consumer<String> warn;
    private FileChannel ch;
    private Object key;
    private long pos;
    private long afterSeq;

    public Follower(Path log, long afterSeq, Consumer<StoredRecord> sink, Consumer<String> warn) {
        this.log = log.toAbsolutePath();
        this.afterSeq = afterSeq;
        this.sink = sink;
        this.warn = warn;
    }

    public void poll() throws AuditException {
        try {
            if (ch == null && !open()) return;
            drain();
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(log, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return;   // between the rename and the first write of the next file
            }
            if (!Objects.equals(now.fileKey(), key)) {
                ch.close();
                ch = null;
                rotatedSince();
                if (open()) drain();
            } else if (now.size() < pos) {
                warn.accept(log + " shrank from " + pos + " to " + now.size() + " bytes; reading it again from the start");
                pos = 0;
                drain();
            }
        } catch (IOException e) {
            throw AuditException.of("cannot follow audit log", log, e);
        }
    }

    /** Several rotations may happen between two polls: read the rotated files holding records not seen yet. */
    private void rotatedSince() throws IOException, AuditException {
        for (Path p : new LogFiles(log).chain()) {
            if (p.equals(log)) continue;
            try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
                Tail t = Tail.read(c);
                if (t.last() == null || t.last().seq() <= afterSeq) continue;
            } catch (Tail.TooMuchJunk e) {
                continue;
            }
            AuditReader.readFile(p, 0, this::emit, warn);
        }
    }

    private void emit(StoredRecord r) {
        if (r.seq() > afterSeq) {
            afterSeq = r.seq();
            sink.accept(r);
        }
    }

    private boolean open() throws IOException {
        try {
            ch = FileChannel.open(log, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        key = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
        pos = 0;
        return true;
    }

    private void drain() throws IOException {
        if (ch.size() <= pos) return;
        ch.position(pos);
        // Not closed: closing the stream would close the channel kept for the next poll.
        pos = AuditReader.readStream(log, Channels.newInputStream(ch), pos, this::emit, warn);
    }

    @Override
    public void close() {
        try {
            if (ch != null) ch.close();
        } catch (IOException e) {
            // Read-only.
        }
    }
}
