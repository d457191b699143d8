package dev.airlock.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The end of a log file as a writer needs it: the last well-formed record, and whatever follows it
 * (a torn write: bytes without a newline, or lines that are not records). Reads backwards from the
 * end in a growing window, so a writer never reads the whole file.
 *
 * @param last       the last well-formed record, null when the file has none
 * @param tornOffset where the bytes after {@code last} start (the file size when there are none)
 * @param tornBytes  how many bytes follow {@code last}
 * @param tornLines  how many lines (complete or not) those bytes hold
 * @param endsWithNewline whether the file's last byte is a newline (true for an empty file)
 */
record Tail(StoredLine last, long tornOffset, long tornBytes, int tornLines, boolean endsWithNewline) {
    private static final int FIRST_WINDOW = 16 * 1024;
    /** Past this much junk at the end, give up rather than guess where the chain goes on. */
    static final int MAX_WINDOW = 16 * 1024 * 1024;

    boolean torn() {
        return tornBytes > 0;
    }

    static Tail read(FileChannel ch) throws IOException, TooMuchJunk {
        long size = ch.size();
        if (size == 0) return new Tail(null, 0, 0, 0, true);
        for (int window = FIRST_WINDOW; ; window *= 2) {
            int w = (int) Math.min(size, window);
            long base = size - w;
            byte[] buf = new byte[w];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            while (bb.hasRemaining()) {
                if (ch.read(bb, base + bb.position()) < 0) throw new IOException("file shrank while reading its tail");
            }
            Tail t = scan(buf, base, size);
            if (t != null) return t;
            if (w >= MAX_WINDOW) throw new TooMuchJunk(MAX_WINDOW);
        }
    }

    /** Scans a window that ends at the end of the file; null when the window is too small to decide. */
    private static Tail scan(byte[] buf, long base, long size) {
        boolean endsWithNewline = buf[buf.length - 1] == '\n';
        int end = endsWithNewline ? buf.length - 1 : buf.length;   // exclusive end of the current line
        boolean terminated = endsWithNewline;
        int lines = 0;
        while (true) {
            int start = end;
            while (start > 0 && buf[start - 1] != '\n') start--;
            if (start == 0 && base > 0) return null;                 // the line may begin before the window
            if (terminated) {
                StoredLine s = StoredLine.parse(buf, start, end - start);
                if (s != null) {
                    long after = base + end + 1;
                    return new Tail(s, after, size - after, lines, endsWithNewline);
                }
            }
            lines++;
            if (start == 0) return new Tail(null, 0, size, lines, endsWithNewline);
            end = start - 1;
            terminated = true;
        }
    }

    /** More than {@link #MAX_WINDOW} bytes at the end of the file hold no record. */
    static final class TooMuchJunk extends Exception {
        private static final long serialVersionUID = 1L;

        TooMuchJunk(int bytes) {
            super("no record in the last " + (bytes >> 20) + " MiB");
        }
    }
}
