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
 * @param problem the first break of the chain, null when the chain and head are intact
 * @param losses  records the log says are gone while its chain goes on: a torn or cut tail that a writer
 *                recorded (with the seqs lost), a command that ran with no result record; reported on
 *                every verify, never turned into a note
 */
public record VerifyReport(long records, List<Path> files, long lastSeq, List<String> notes, Problem problem,
        List<Problem> losses) {

    public VerifyReport {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
        losses = List.copyOf(losses);
    }

    /** The chain is unbroken and nothing it records is lost. */
    public boolean intact() {
        return problem == null && losses.isEmpty();
    }

    /** The chain break, else the first loss; null when intact. */
    public Problem firstTrouble() {
        return problem != null ? problem : losses.isEmpty() ? null : losses.get(0);
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
        HEAD,
        /** A decision that let a command run has no result record, and the process that ran it is gone. */
        RESULT_LOST
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
            return b.append(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(": ").append(detail).toString();
        }
    }
}
