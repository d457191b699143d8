package dev.airlock.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines of bytes, keeping each line's byte offset, which the verifier needs to
 * match torn bytes with the {@code recovered} record that names them. The line buffer is reused, so
 * memory stays at the longest line (capped) however long the file is.
 */
final class LineReader implements AutoCloseable {
    /** Longer lines are cut here and reported as damaged; no record comes near this. */
    static final int MAX_LINE = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[4096];
    private int lineLen;
    private long offset;          // of the next line
    private long lineNo;
    private boolean eof;

    // The current line.
    long lineOffset;
    long number;
    boolean terminated;
    boolean overlong;

    LineReader(InputStream in) {
        this.in = in;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return lineLen;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        if (eof) return false;
        lineLen = 0;
        overlong = false;
        long consumed = 0;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    eof = true;
                    if (consumed == 0) return false;
                    return finish(consumed, false);
                }
            }
            int start = chunkPos;
            int nl = -1;
            for (int i = chunkPos; i < chunkLen; i++) {
                if (chunk[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int stop = nl < 0 ? chunkLen : nl;
            append(start, stop - start);
            consumed += stop - start;
            chunkPos = nl < 0 ? chunkLen : nl + 1;
            if (nl >= 0) return finish(consumed + 1, true);
        }
    }

    private boolean finish(long consumed, boolean nl) {
        lineOffset = offset;
        offset += consumed;
        number = ++lineNo;
        terminated = nl;
        return true;
    }

    private void append(int from, int n) {
        int room = MAX_LINE - lineLen;
        if (n > room) {
            overlong = true;
            n = room;
        }
        if (n <= 0) return;
        if (lineLen + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        System.arraycopy(chunk, from, line, lineLen, n);
        lineLen += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
