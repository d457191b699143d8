package dev.airlock.audit;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link Verifier#verify}: intact or the first broken record, plus notes about things
 * that are explained in the chain itself (a torn write recorded by a {@code recovered} event, a head
 * that lags one append behind after a crash).
 *
 * @param records records read in chain order
 * @param files   files of the chain, oldest first
 * @param lastSeq seq of the last record (0 for an empty log)
 * @param problem the first thing wrong, null when the chain and head are intact
 */
public record VerifyReport(long records, List<Path> files, long lastSeq, List<String> notes, Problem problem) {

    public VerifyReport {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }

    public boolean intact() {
        return problem == null;
    }

    /** What kind of change the verifier believes it sees; the chain only proves that something changed. */
    public enum Kind {
        /** A record's content no longer matches its hash. */
        EDITED,
        /** Records are missing from the middle or the start of the chain. */
        DELETED,
        /** A record is out of order, and the one expected here comes later. */
        REORDERED,
        /** A record that the chain does not lead to: added, or duplicated. */
        INSERTED,
        /** A record was rewritten with a recomputed hash, so the next record no longer chains to it. */
        REPLACED,
        /** Records were cut off the end: the head, or a writer that saw the head, says there were more. */
        TRUNCATED,
        /** A line that is not a complete record, not explained by a recovered event. */
        TORN,
        /** The head file is missing, unreadable or disagrees with the log. */
        HEAD
    }

    /**
     * @param file   the file holding the broken record (null for the head)
     * @param line   its 1-based line number, 0 when not about one line
     * @param seq    its seq as written, -1 when unknown
     */
    public record Problem(Kind kind, Path file, long line, long seq, String detail) {
        /** One line for a person: where, which record, what kind, and what exactly. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            if (file != null) b.append(file);
            if (line > 0) b.append(" line ").append(line);
            if (seq >= 0) b.append(" (seq ").append(seq).append(')');
            if (b.length() > 0) b.append(": ");
            return b.append(kind.name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(detail).toString();
        }
    }
}
