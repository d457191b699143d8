package dev.airlock.session;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jline.utils.NonBlockingReader;

/**
 * The keyboard as the line reader reads it: the bytes the {@link KeyRouter} hands over, decoded as
 * UTF-8. When the line reader wants a key and none is waiting, it asks the router for more
 * ({@code demand}): so the router hands over the next line only when the line reader is ready for
 * it, and keeps the rest for the command the line may start. Handing over never blocks.
 */
final class LineKeys extends NonBlockingReader {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pendingBytes = ByteBuffer.allocate(8);
    private final CharBuffer chars = CharBuffer.allocate(4);
    private byte[] buf = new byte[4096];
    private int head;
    private int tail;
    private boolean closed;
    private volatile Runnable demand = () -> { };

    LineKeys() {
        chars.limit(0);
    }

    void onDemand(Runnable demand) {
        this.demand = demand;
    }

    synchronized void feed(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (tail + len > buf.length) {
            int live = tail - head;
            byte[] next = live + len > buf.length ? new byte[Math.max(buf.length * 2, live + len)] : buf;
            System.arraycopy(buf, head, next, 0, live);
            buf = next;
            head = 0;
            tail = live;
        }
        System.arraycopy(b, off, buf, tail, len);
        tail += len;
        notifyAll();
    }

    /** The end of the keyboard: once what waits is read, the line reader reads end of input. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private synchronized boolean starved() {
        return !chars.hasRemaining() && head == tail && !closed;
    }

    @Override
    protected int read(long timeout, boolean isPeek) {
        if (starved()) {
            demand.run(); // outside this lock: the router takes its own, then feeds here
        }
        synchronized (this) {
            long deadline = timeout > 0 ? System.nanoTime() + timeout * 1_000_000 : Long.MAX_VALUE;
            while (!chars.hasRemaining()) {
                if (head < tail) {
                    decode(buf[head++]);
                    continue;
                }
                if (closed) {
                    return EOF;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return READ_EXPIRED;
                }
                try {
                    wait(deadline == Long.MAX_VALUE ? 0 : Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return READ_EXPIRED;
                }
            }
            return isPeek ? chars.get(chars.position()) : chars.get();
        }
    }

    @Override
    public int readBuffered(char[] b, int off, int len, long timeout) {
        if (len == 0) {
            return 0;
        }
        int first = read(timeout, false);
        if (first < 0) {
            return first;
        }
        b[off] = (char) first;
        int n = 1;
        synchronized (this) {
            while (n < len && (chars.hasRemaining() || head < tail)) {
                if (!chars.hasRemaining()) {
                    decode(buf[head++]);
                    continue;
                }
                b[off + n++] = chars.get();
            }
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return chars.remaining() + (tail - head);
    }

    private void decode(byte b) {
        pendingBytes.put(b);
        pendingBytes.flip();
        chars.clear();
        decoder.decode(pendingBytes, chars, false);
        chars.flip();
        pendingBytes.compact();
    }
}
