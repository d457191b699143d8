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
            Path p = Path.of(f).toAbsolutePath().normalize();
            try {
                // A link among the directories above (a repository's `.claude/shell-snapshots` pointing
                // at ~/.bashrc.d) would put the writable file somewhere else.
                Path parent = p.getParent();
                if (parent == null || !parent.toRealPath().equals(parent)) {
                    return Optional.of("the agent's file " + f + " is not where its name says (a link above it);"
                            + " nothing was run");
                }
                try {
                    Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS).close();
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // the agent made it, or an earlier command did
                }
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                // A second name (a hard link to ~/.bashrc) would make that file writable through this one.
                int links = (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile() || links != 1 || !a.owner().getName().equals(System.getProperty("user.name"))) {
                    return Optional.of("the agent's file " + f + " is not a plain file of this user; nothing was run");
                }
            } catch (IOException | RuntimeException e) {
                return Optional.of("cannot prepare the agent's file " + f + " (" + e.getMessage() + "); nothing was run");
            }
        }
        return Optional.empty();
    }
}
