package dev.airlock.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import org.jline.reader.LineReader;

/**
 * Reads what the shell's terminal prints and sends it on: to the screen unchanged, or above the
 * line being edited while the line reader is active, while the text between "prompt starts" and
 * "prompt ends" is kept as the prompt for the line reader. The marks become {@link Event}s.
 */
final class ShellOutput implements Runnable, MarkScanner.Sink {
    private final InputStream in;
    private final Screen screen;
    private final BlockingQueue<Event> events;
    private final MarkScanner scanner;
    private final ByteArrayOutputStream prompt = new ByteArrayOutputStream();
    private boolean inPrompt;
    private volatile LineReader reading;

    ShellOutput(InputStream in, Screen screen, BlockingQueue<Event> events, String nonce) {
        this.in = in;
        this.screen = screen;
        this.events = events;
        this.scanner = new MarkScanner(nonce, this);
    }

    /** While {@code reader} is not null, output is printed above the line being edited. */
    void reading(LineReader reader) {
        this.reading = reader;
    }

    @Override
    public void run() {
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                scanner.feed(buf, 0, n);
            }
        } catch (IOException e) {
            // EIO once the last process holding the terminal has gone: the end of the output
        }
        scanner.finish();
        events.add(new Event.Ended());
    }

    @Override
    public void output(byte[] b, int off, int len) {
        if (inPrompt) {
            if (prompt.size() < PromptText.MAX) {
                prompt.write(b, off, Math.min(len, PromptText.MAX - prompt.size()));
            }
            return;
        }
        LineReader r = reading;
        if (r != null) {
            r.printAbove(new String(b, off, len, StandardCharsets.UTF_8));
        } else {
            screen.write(b, off, len);
        }
    }

    @Override
    public void mark(Mark mark) {
        if (mark instanceof Mark.PromptStart) {
            inPrompt = true;
            prompt.reset();
        } else if (mark instanceof Mark.PromptEnd) {
            if (inPrompt) {
                inPrompt = false;
                events.add(new Event.Prompt(prompt.toByteArray()));
            }
        } else {
            events.add(new Event.Marked(mark));
        }
    }
}
