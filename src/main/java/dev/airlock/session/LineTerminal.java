package dev.airlock.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.impl.LineDisciplineTerminal;
import org.jline.utils.NonBlockingReader;

/**
 * The terminal jline edits lines on: its keys come from {@link LineKeys} (only what the router
 * hands over), its drawing goes to the person's screen. The person's real terminal stays in raw
 * mode throughout; this one only emulates the settings jline asks for. It never echoes on its own.
 */
final class LineTerminal extends LineDisciplineTerminal {
    private final LineKeys keys;

    LineTerminal(String type, OutputStream screen, Size size, LineKeys keys) throws IOException {
        super("airlock-session", type, screen, StandardCharsets.UTF_8);
        this.keys = keys;
        setSize(size);
        Attributes a = getAttributes();
        a.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        setAttributes(a);
    }

    @Override
    public NonBlockingReader reader() {
        return keys;
    }
}
