package dev.airlock.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append side of the audit log: a hash chain of JSON lines shared by every airlock process of a
 * user. Each append takes an OS lock on {@code audit.lock}, reads the tail of the log to learn the last
 * seq and hash, writes one line, forces it to disk, replaces {@code audit.head}, and releases the lock.
 * Nothing is cached between appends: another process may have written, torn or rotated the file since.
 */
public final class AuditLog implements AutoCloseable {
    /** Rotate the current file once it has grown past this many bytes. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    // FileChannel.lock is held per JVM, not per thread: a second channel of the same JVM asking for the
    // same lock gets OverlappingFileLockException. Threads of one JVM queue here first.
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** How a log behaves; {@link #fromEnv} reads {@code AIRLOCK_AUDIT_MAX_BYTES} and {@code AIRLOCK_AUDIT_SYSLOG}. */
    public record Options(long maxBytes, boolean syslog, Clock clock) {
        public Options {
            if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
        }

        public static Options fromEnv(Map<String, String> env) {
            long max = DEFAULT_MAX_BYTES;
            String m = env.get("AIRLOCK_AUDIT_MAX_BYTES");
            if (m != null && !m.isBlank()) {
                try {
                    max = Math.max(1, Long.parseLong(m.trim()));
                } catch (NumberFormatException e) {
                    // A typo here must not stop every command; the default size is safe.
                }
            }
            return new Options(max, "1".equals(env.get("AIRLOCK_AUDIT_SYSLOG")), Clock.systemUTC());
        }
    }

    private final LogFiles files;
    private final Options options;
    private final FileChannel lockChannel;
    private final ReentrantLock jvmLock;

    private AuditLog(LogFiles files, Options options, FileChannel lockChannel) {
        this.files = files;
        this.options = options;
        this.lockChannel = lockChannel;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(files.lock(), p -> new ReentrantLock());
    }

    /** {@code AIRLOCK_AUDIT}, else {@code $XDG_STATE_HOME/airlock/audit.jsonl}, else {@code $HOME/.local/state/airlock/audit.jsonl}. */
    public static Path defaultPath(Map<String, String> env) {
        String explicit = env.get("AIRLOCK_AUDIT");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String state = env.get("XDG_STATE_HOME");
        // The XDG spec says relative values are invalid and must be ignored.
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) return Path.of(state, "airlock", "audit.jsonl");
        String home = env.get("HOME");
        if (home == null || home.isBlank()) home = System.getProperty("user.home");
        return Path.of(home, ".local", "state", "airlock", "audit.jsonl");
    }

    /** Opens the log with options from the process environment. */
    public static AuditLog open(Path file) throws AuditException {
        return open(file, Options.fromEnv(System.getenv()));
    }

    /** Creates the directory (0700) and files (0600) as needed and checks that the log can be written. */
    public static AuditLog open(Path file, Options options) throws AuditException {
        LogFiles files = new LogFiles(file);
        Path dir = files.dir();
        try {
            Files0600.createDirectories(dir);
        } catch (IOException e) {
            throw AuditException.of("cannot create audit log directory", dir, e);
        }
        try (FileChannel log = FileChannel.open(files.log(), Files0600.options(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), Files0600.attrs(files.log()))) {
            // Opened only to fail now, with the path, rather than at the first append.
        } catch (IOException | SecurityException e) {
            throw AuditException.of("cannot open audit log", files.log(), e);
        }
        try {
            FileChannel lock = FileChannel.open(files.lock(), Files0600.options(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), Files0600.attrs(files.lock()));
            return new AuditLog(files, options, lock);
        } catch (IOException | SecurityException e) {
            throw AuditException.of("cannot open audit lock file", files.lock(), e);
        }
    }

    public Path path() {
        return files.log();
    }

    /**
     * Appends a record and returns its seq once it is on disk. A torn tail or a head that is ahead of
     * the log is first recorded as a {@code recovered} event, so the chain says what the writer found.
     */
    public long append(AuditRecord record) throws AuditException {
        jvmLock.lock();
        try (FileLock lock = lockChannel.lock()) {
            return appendLocked(record);
        } catch (IOException e) {
            throw AuditException.of("cannot lock audit log", files.lock(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private long appendLocked(AuditRecord record) throws AuditException {
        Path log = files.log();
        long seq;
        String hash;
        try {
            FileChannel ch = openLog();
            try {
                Tail tail = readTail(ch);
                Head head = readHead();
                Link link = link(tail, head);
                StringBuilder out = new StringBuilder();
                if (!tail.endsWithNewline()) out.append('\n');   // never extend a torn line
                Map<String, Object> found = findings(tail, head, tornSeq(ch, tail));
                if (!found.isEmpty()) {
                    AuditRecord recovered = new AuditRecord("recovered", record.session(), ProcessHandle.current().pid(),
                            null, null, null, null, null, null, null, null, found);
                    // The seqs of lost records are never given again: a reader must not take a new record
                    // for the one that was lost. The chain of hashes goes on from the last good record.
                    Object lostTo = found.get("lost_to");
                    if (lostTo != null) link = new Link((Long) lostTo, link.hash());
                    link = write(out, link, recovered);
                }
                if (ch.size() + out.length() >= options.maxBytes() && ch.size() > 0) {
                    flush(ch, out);
                    ch.close();
                    rotate();
                    ch = openLog();
                }
                link = write(out, link, record);
                flush(ch, out);
                seq = link.seq();
                hash = link.hash();
            } finally {
                ch.close();
            }
        } catch (IOException e) {
            throw AuditException.of("cannot append to audit log", log, e);
        }
        try {
            new Head(seq, hash).write(files.head());
        } catch (IOException e) {
            // The record is on disk already: reporting a failure now would make the caller act as if it
            // were not (refuse a command whose decision says `run`). A head that cannot be replaced (a
            // full disk) lags the log, which the next writer and verify read as a note, never as a loss.
        }
        if (options.syslog()) SyslogWitness.send(seq, hash);
        return seq;
    }

    private static final java.util.regex.Pattern SEQ_START = java.util.regex.Pattern.compile("^\\{\"seq\":(\\d{1,18}),");

    /** The seq a torn record was written under, read from its first bytes; -1 when they name none. */
    private static long tornSeq(FileChannel ch, Tail tail) throws IOException {
        if (!tail.torn()) return -1;
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(32, tail.tornBytes()));
        while (b.hasRemaining() && ch.read(b, tail.tornOffset() + b.position()) > 0) {
            // read the start of the torn bytes
        }
        var m = SEQ_START.matcher(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The seq and hash the next record chains to. */
    private record Link(long seq, String hash) {}

    private Link link(Tail tail, Head head) throws IOException, AuditException {
        if (tail.last() != null) return new Link(tail.last().seq(), tail.last().hash());
        // The current file holds no record: new, or just rotated. The chain goes on from the head, or
        // failing that from the newest rotated file.
        if (head != null && head.readable()) return new Link(head.seq(), head.hash());
        var chain = files.chain();
        for (int i = chain.size() - 1; i >= 0; i--) {
            Path p = chain.get(i);
            if (p.equals(files.log())) continue;
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                Tail t = readTail(ch, p);
                if (t.last() != null) return new Link(t.last().seq(), t.last().hash());
            }
        }
        return new Link(0, CanonicalJson.ZERO_HASH);
    }

    /**
     * What a writer must put on record before going on; empty when the tail and head are as expected.
     * {@code lost_from}..{@code lost_to}: the seqs of records that were written (the head or the torn
     * bytes name them) and are no longer whole in the log; the next records skip them.
     */
    private static Map<String, Object> findings(Tail tail, Head head, long tornSeq) {
        Map<String, Object> f = new LinkedHashMap<>();
        StoredLine last = tail.last();
        long lastSeq = last == null ? -1 : last.seq();
        long lostTo = -1;
        if (tail.torn()) {
            f.put("found", "torn");
            f.put("torn_offset", tail.tornOffset());
            f.put("torn_bytes", tail.tornBytes());
            f.put("torn_lines", (long) tail.tornLines());
            if (last != null && tornSeq > lastSeq) lostTo = tornSeq;
        }
        if (head != null && !head.readable()) {
            f.putIfAbsent("found", "head_unreadable");
            f.put("head", "unreadable");
        } else if (head != null && last != null) {
            if (head.seq() > last.seq()) {
                // The log was forced before the head was written, so a head ahead of the log means
                // records that were on disk are gone.
                f.putIfAbsent("found", "truncated");
                f.put("head_seq", head.seq());
                f.put("head_hash", head.hash());
                lostTo = Math.max(lostTo, head.seq());
            } else if (head.seq() == last.seq() && !head.hash().equals(last.hash())) {
                f.putIfAbsent("found", "head_mismatch");
                f.put("head_seq", head.seq());
                f.put("head_hash", head.hash());
            }
        }
        if (lostTo > lastSeq && lastSeq >= 0) {
            f.put("lost_from", lastSeq + 1);
            f.put("lost_to", lostTo);
        }
        return f;
    }

    private Link write(StringBuilder out, Link link, AuditRecord r) {
        long seq = link.seq() + 1;
        String ts = TS.format(options.clock().instant());
        String body = CanonicalJson.body(seq, ts, r, link.hash());
        String hash = CanonicalJson.sha256(body);
        out.append(CanonicalJson.line(body, hash));
        return new Link(seq, hash);
    }

    private FileChannel openLog() throws IOException {
        boolean created = !Files.exists(files.log());
        FileChannel ch = FileChannel.open(files.log(), Files0600.options(StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE), Files0600.attrs(files.log()));
        if (created) forceDir();
        return ch;
    }

    private Tail readTail(FileChannel ch) throws IOException, AuditException {
        return readTail(ch, files.log());
    }

    private static Tail readTail(FileChannel ch, Path p) throws IOException, AuditException {
        try {
            return Tail.read(ch);
        } catch (Tail.TooMuchJunk e) {
            throw new AuditException("cannot find the last record of audit log " + p + ": " + e.getMessage()
                    + "; move the file aside and run 'airlock audit verify'");
        }
    }

    private Head readHead() {
        try {
            return Head.read(files.head());
        } catch (IOException e) {
            return Head.UNREADABLE;
        }
    }

    /**
     * Writes and forces {@code out} at the end of the file, or leaves the file as it was: bytes of a
     * failed write (a full disk takes part of a line) are cut off again, so a failed append leaves no
     * torn record that a later writer would have to report as lost.
     */
    private static void flush(FileChannel ch, StringBuilder out) throws IOException {
        if (out.length() == 0) return;
        ByteBuffer buf = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
        long start = ch.size();
        long pos = start;
        try {
            while (buf.hasRemaining()) pos += ch.write(buf, pos);
            ch.force(false);
        } catch (IOException e) {
            try {
                ch.truncate(start);
                ch.force(false);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        out.setLength(0);
    }

    private void rotate() throws IOException {
        Path target = files.rotatedName(options.clock().instant());
        Files.move(files.log(), target, StandardCopyOption.ATOMIC_MOVE);
        forceDir();
    }

    /** A new or renamed file survives a crash only once its directory entry is on disk. */
    private void forceDir() {
        try (FileChannel d = FileChannel.open(files.dir(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every file system lets a directory be opened; the data itself was forced.
        }
    }

    @Override
    public void close() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            // Nothing was pending on the lock file.
        }
    }
}
