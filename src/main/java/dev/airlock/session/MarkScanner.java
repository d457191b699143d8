package dev.airlock.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits what the shell's terminal prints into output for the screen and airlock's marks, as the
 * bytes arrive (a mark may be cut across reads). Every byte that is not one of our marks reaches
 * the sink unchanged and in order; an escape sequence that turns out not to be ours is passed on
 * whole. An unterminated sequence in a command's output cannot swallow the next mark: per ECMA-48
 * an ESC inside a control string ends it and starts the next sequence.
 */
final class MarkScanner {
    interface Sink {
        void output(byte[] bytes, int offset, int length);

        void mark(Mark mark);
    }

    private static final byte ESC = 0x1b;
    private static final byte BEL = 0x07;
    /** Our marks are short; a longer control string is somebody else's and flows through. */
    private static final int MAX_MARK = 128;

    private enum State { TEXT, ESC, OSC, OSC_ESC }

    private final String nonce;
    private final Sink sink;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private State state = State.TEXT;

    MarkScanner(String nonce, Sink sink) {
        this.nonce = nonce;
        this.sink = sink;
    }

    void feed(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (state == State.TEXT) {
                int start = i;
                while (i < end && b[i] != ESC) {
                    i++;
                }
                if (i > start) {
                    sink.output(b, start, i - start);
                }
                if (i < end) {
                    pending.write(ESC);
                    state = State.ESC;
                    i++;
                }
                continue;
            }
            byte c = b[i++];
            switch (state) {
                case ESC:
                    if (c == ']') {
                        pending.write(c);
                        state = State.OSC;
                    } else if (c == ESC) {
                        sink.output(new byte[] {ESC}, 0, 1); // the first ESC led nowhere; the second starts anew
                    } else {
                        pending.write(c);
                        passPending();
                    }
                    break;
                case OSC:
                    if (c == BEL) {
                        pending.write(c);
                        end(pending.size() - 1);
                    } else if (c == ESC) {
                        state = State.OSC_ESC;
                    } else {
                        pending.write(c);
                        if (pending.size() > MAX_MARK) {
                            passPending();
                        }
                    }
                    break;
                case OSC_ESC:
                    if (c == '\\') {
                        pending.write(ESC);
                        pending.write(c);
                        end(pending.size() - 2);
                    } else {
                        passPending(); // the control string ended without its terminator
                        pending.write(ESC);
                        state = State.ESC;
                        i--; // look at this byte again as the one after ESC
                    }
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    /** At the end of the output: whatever was held back is output after all. */
    void finish() {
        if (state == State.OSC_ESC) {
            pending.write(ESC);
        }
        if (pending.size() > 0) {
            passPending();
        }
    }

    /** A control string ended; {@code payloadEnd} is where its terminator starts in {@link #pending}. */
    private void end(int payloadEnd) {
        byte[] seq = pending.toByteArray();
        Mark mark = Mark.parse(new String(seq, 2, payloadEnd - 2, StandardCharsets.ISO_8859_1), nonce);
        pending.reset();
        state = State.TEXT;
        if (mark != null) {
            sink.mark(mark);
        } else {
            sink.output(seq, 0, seq.length);
        }
    }

    private void passPending() {
        byte[] seq = pending.toByteArray();
        pending.reset();
        state = State.TEXT;
        sink.output(seq, 0, seq.length);
    }
}
