package dev.airlock.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jline.terminal.Attributes;

/** The session's small chores with files and terminal modes. */
final class SessionFiles {
    private SessionFiles() {}

    /** The person's terminal in raw mode: every key, Ctrl-C included, arrives as bytes; output goes out as is. */
    static Attributes raw(Attributes saved) {
        Attributes a = new Attributes(saved);
        a.setLocalFlags(java.util.EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO,
                Attributes.LocalFlag.IEXTEN, Attributes.LocalFlag.ISIG), false);
        a.setInputFlags(java.util.EnumSet.of(Attributes.InputFlag.IXON, Attributes.InputFlag.ICRNL,
                Attributes.InputFlag.INLCR, Attributes.InputFlag.IGNCR, Attributes.InputFlag.ISTRIP,
                Attributes.InputFlag.BRKINT), false);
        a.setOutputFlag(Attributes.OutputFlag.OPOST, false);
        a.setControlChar(Attributes.ControlChar.VMIN, 1);
        a.setControlChar(Attributes.ControlChar.VTIME, 0);
        return a;
    }

    /** The history holds what was typed, secrets included: readable by this user only, like the audit log. */
    static Path privateFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            // jline reports a history it cannot write; the session goes on without it
        }
        return file;
    }

    static String nonce() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a private temporary directory left behind holds nothing secret
        }
    }
}
