package dev.airlock.session;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * Writes key strokes to the PTY on a thread of its own, in the order they were handed over. A
 * write to a terminal whose input queue is full blocks until a program reads; handing over never
 * does, so the session can always go on (and empty the queue when the command ends).
 */
final class PtyWriter implements Runnable {
    private final OutputStream pty;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean closed;

    PtyWriter(OutputStream pty) {
        this.pty = pty;
    }

    synchronized void write(byte[] bytes) {
        if (bytes.length > 0 && !closed) {
            queue.add(bytes);
            notifyAll();
        }
    }

    /**
     * Writes {@code bytes} on the caller's thread when nothing waits before them (a key stroke then
     * costs no hand-over between threads), else queues them. May block: never call it holding a lock
     * the session needs.
     */
    void writeNow(byte[] bytes) {
        synchronized (this) {
            if (closed || bytes.length == 0) {
                return;
            }
            if (writing || !queue.isEmpty()) {
                write(bytes);
                return;
            }
            writing = true;
        }
        writeOut(bytes);
    }

    /** Nothing waiting and nothing being written. */
    synchronized boolean idle() {
        return queue.isEmpty() && !writing;
    }

    synchronized void close() {
        closed = true;
        queue.clear();
        notifyAll();
    }

    @Override
    public void run() {
        while (true) {
            byte[] next;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = queue.poll();
                writing = true;
            }
            writeOut(next);
        }
    }

    /** Writes with {@link #writing} set by the caller; clears it. */
    private void writeOut(byte[] bytes) {
        try {
            pty.write(bytes, 0, bytes.length); // pty4j's stream copies wrongly from a non-zero offset
            pty.flush();
        } catch (IOException e) {
            close(); // the shell's terminal is gone; the session notices its end on its own
        } finally {
            synchronized (this) {
                writing = false;
                notifyAll();
            }
        }
    }
}
