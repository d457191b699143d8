package dev.airlock.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Makes the files an agent's harness writes through a sandbox (Claude Code's cwd file) ready to be
 * bound: bwrap binds only what exists, and only a plain file of this user may be bound writable (a
 * link planted in /tmp would make its target writable).
 */
final class HarnessFiles {
    private HarnessFiles() {}

    /** Empty when every file is ready; else what is wrong, and the command must not run. */
    static Optional<String> prepare(List<String> files) {
        for (String f : files) {
            Path p = Path.of(f);
            try {
                try {
                    Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS).close();
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // the agent made it, or an earlier command did
                }
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile() || !a.owner().getName().equals(System.getProperty("user.name"))) {
                    return Optional.of("the agent's file " + f + " is not a plain file of this user; nothing was run");
                }
            } catch (IOException | RuntimeException e) {
                return Optional.of("cannot prepare the agent's file " + f + " (" + e.getMessage() + "); nothing was run");
            }
        }
        return Optional.empty();
    }
}
