package dev.airlock.session;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The person's terminal, written from several threads (the shell's output, the line reader,
 * airlock's own messages): one lock, so nothing is interleaved inside an escape sequence. The
 * terminal is in raw mode for the whole session, so airlock's own lines end in CR LF.
 */
final class Screen {
    private final OutputStream out;
    private final ModeTracker modes = new ModeTracker();
    private boolean broken;

    Screen(OutputStream out) {
        this.out = out;
    }

    /** Output of the shell and its commands, passed on unchanged. */
    synchronized void write(byte[] b, int off, int len) {
        modes.feed(b, off, len);
        raw(b, off, len);
    }

    /** Airlock's own text: {@code \n} becomes CR LF. */
    synchronized void text(String s) {
        byte[] b = s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        raw(b, 0, b.length);
    }

    /** A stream for airlock's own lines (the `airlock:` refusal lines), CR LF at each line end. */
    PrintStream textStream() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                text(new String(b, off, len, StandardCharsets.UTF_8));
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** A stream for jline's drawing (already terminal-ready bytes), under the same lock. */
    OutputStream drawing() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                raw(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                raw(b, off, len);
            }
        };
    }

    /** Puts back the terminal modes a program left on (alternate screen, hidden cursor, mouse, ...). */
    synchronized void resetModes() {
        byte[] reset = modes.reset().getBytes(StandardCharsets.US_ASCII);
        raw(reset, 0, reset.length);
    }

    private synchronized void raw(byte[] b, int off, int len) {
        if (broken || len == 0) {
            return;
        }
        try {
            out.write(b, off, len);
            out.flush();
        } catch (IOException e) {
            broken = true; // the terminal is gone; the session ends through its hang-up
        }
    }
}
