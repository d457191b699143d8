package dev.airlock.integrations;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/** Reading and replacing agents' configuration files: whole-file, atomic, keeping permissions. */
final class ConfigFiles {
    private ConfigFiles() {}

    /**
     * The file that holds {@code file}'s text: itself, or what its symlink points to (dotfile managers
     * link ~/.bashrc into a repository, and a rename over the link would cut it).
     */
    static Path target(Path file) throws ConfigException {
        try {
            if (Files.isSymbolicLink(file)) {
                if (!Files.exists(file)) {
                    throw new ConfigException(file + " is a symlink to a missing file; airlock changed nothing");
                }
                return file.toRealPath();
            }
            return file;
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage() + "; airlock changed nothing");
        }
    }

    /** The text, empty when there is no file. */
    static Optional<String> read(Path file) throws ConfigException {
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw new ConfigException(file + " is not a regular file; airlock changed nothing");
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(file + " is not UTF-8 text; airlock changed nothing");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage() + "; airlock changed nothing");
        }
    }

    /**
     * Replaces the file's text all at once: a temporary file beside it, forced to disk, renamed over it.
     * A reader sees the old text or the new, never half. The file keeps its permissions; a new one is 0600.
     */
    static void write(Path file, String text) throws ConfigException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".airlock-tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            if (Files.exists(file)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                Files.setPosixFilePermissions(tmp, perms);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Only a leftover temporary file; the configuration itself is unchanged.
                }
            }
        }
    }

    static void delete(Path file) throws ConfigException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ConfigException("cannot remove " + file + ": " + e.getMessage());
        }
    }
}
