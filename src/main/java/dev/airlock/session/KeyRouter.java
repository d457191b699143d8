package dev.airlock.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Where each key stroke goes, decided as it arrives: to the line reader while the shell waits for
 * a command, to the PTY while a command runs, or held while airlock decides (then to the command
 * if it runs, else back to the line reader). The line reader gets one line at a time: what is typed
 * after Enter waits to see whether the line starts a command that wants it as input, as typeahead
 * does in a plain terminal. Hand-over to either side never blocks, so a full PTY cannot stall it.
 */
final class KeyRouter implements Runnable {
    static final byte INTR = 0x03;
    static final byte QUIT = 0x1c;
    static final byte SUSP = 0x1a;
    /** Held key strokes beyond this are dropped: nobody types that much while waiting. */
    static final int MAX_HELD = 16 << 20;

    private enum Mode { LINE, HOLD, PTY }

    private final InputStream keyboard;
    private final LineKeys line;
    private final PtyWriter pty;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final Paste paste = new Paste();
    private Mode mode = Mode.HOLD;
    private boolean signalsToPty;
    private Runnable onInterrupt;
    private boolean ended;
    private int inFlight;

    KeyRouter(InputStream keyboard, LineKeys line, PtyWriter pty) {
        this.keyboard = keyboard;
        this.line = line;
        this.pty = pty;
    }

    @Override
    public void run() {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = keyboard.read(buf)) >= 0) {
                route(buf, n);
            }
        } catch (IOException e) {
            // the terminal went away: the same as its end
        }
        synchronized (this) {
            ended = true;
            if (mode == Mode.LINE && held.size() == 0) {
                line.close();
            }
        }
    }

    private void route(byte[] b, int len) {
        boolean interrupt = false;
        byte[] direct = null;
        synchronized (this) {
            int i = 0;
            while (i < len) {
                if (mode == Mode.PTY) {
                    direct = Arrays.copyOfRange(b, i, len);
                    inFlight++;
                    i = len;
                } else if (mode == Mode.LINE) {
                    int stop = paste.lineEnd(b, i, len);
                    line.feed(b, i, stop - i);
                    if (paste.endedLine()) {
                        mode = Mode.HOLD;
                        signalsToPty = false;
                        onInterrupt = null;
                    }
                    i = stop;
                } else {
                    byte c = b[i++];
                    if (signalsToPty && (c == INTR || c == QUIT || c == SUSP)) {
                        pty.write(new byte[] {c}); // like a terminal's ISIG: urgent, ahead of what waits
                    } else if (c == INTR && onInterrupt != null) {
                        interrupt = true;
                    } else if (held.size() < MAX_HELD) {
                        held.write(c);
                    }
                }
            }
        }
        if (direct != null) {
            // Written outside the lock: a full terminal may block this thread, never the session.
            pty.writeNow(direct);
            synchronized (this) {
                inFlight--;
                notifyAll();
            }
        }
        if (interrupt) {
            onInterrupt.run();
        }
    }

    /** Key strokes routed to the PTY but not yet handed to its writer. */
    synchronized boolean inFlight() {
        return inFlight > 0;
    }

    /**
     * The line reader wants keys: it gets what waits, up to the first line end, and then what is
     * typed, up to the next line end. Asked again for every line it reads.
     */
    synchronized void toLine() {
        if (mode == Mode.LINE) {
            return;
        }
        mode = Mode.LINE;
        signalsToPty = false;
        onInterrupt = null;
        byte[] waiting = held.toByteArray();
        held.reset();
        int stop = paste.lineEnd(waiting, 0, waiting.length);
        line.feed(waiting, 0, stop);
        if (paste.endedLine()) {
            mode = Mode.HOLD;
            held.write(waiting, stop, waiting.length - stop);
        } else if (ended) {
            line.close();
        }
    }

    /**
     * Key strokes wait. {@code signalsToPty}: Ctrl-C, Ctrl-\ and Ctrl-Z still reach the terminal at
     * once (a command is starting); {@code onInterrupt}, when not null, is what Ctrl-C does instead.
     */
    synchronized void hold(boolean signalsToPty, Runnable onInterrupt) {
        mode = Mode.HOLD;
        this.signalsToPty = signalsToPty;
        this.onInterrupt = onInterrupt;
    }

    /** A command runs: what waits goes to its terminal first, then every key stroke as it comes. */
    synchronized void toPty() {
        mode = Mode.PTY;
        pty.write(held.toByteArray());
        held.reset();
    }

    /** Puts {@code bytes} (typeahead a command left unread) ahead of what waits. */
    synchronized void unread(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        byte[] rest = held.toByteArray();
        held.reset();
        held.write(bytes, 0, bytes.length);
        held.write(rest, 0, Math.min(rest.length, MAX_HELD));
    }

    /**
     * Tracks bracketed paste (ESC [200~ ... ESC [201~) in what goes to the line reader: a pasted line
     * end is part of the text, not Enter.
     */
    static final class Paste {
        private static final byte[] START = {0x1b, '[', '2', '0', '0', '~'};
        private static final byte[] END = {0x1b, '[', '2', '0', '1', '~'};
        private boolean inside;
        private int matched;
        private boolean endedLine;

        /** The index just after the first Enter in {@code b[from, to)} outside a paste, else {@code to}. */
        int lineEnd(byte[] b, int from, int to) {
            endedLine = false;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                byte[] want = inside ? END : START;
                matched = c == want[matched] ? matched + 1 : (c == 0x1b ? 1 : 0);
                if (matched == want.length) {
                    inside = !inside;
                    matched = 0;
                } else if (!inside && (c == '\r' || c == '\n')) {
                    endedLine = true;
                    return i + 1;
                }
            }
            return to;
        }

        boolean endedLine() {
            return endedLine;
        }
    }
}
