package dev.airlock.audit;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Private files and directories: the log tells what the user's agents did, so only the user reads it. */
final class Files0600 {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private Files0600() {}

    static Set<OpenOption> options(OpenOption... options) {
        return Set.of(options);
    }

    static FileAttribute<?>[] attrs(Path ignored) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }
}
