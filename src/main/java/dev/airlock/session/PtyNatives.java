package dev.airlock.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * pty4j's native library, unpacked from the jar into airlock's state directory and checked against
 * the jar's copy at every start. pty4j would unpack it into a new temporary directory per process
 * and delete it on exit, which airlock-sh skips (it ends with halt); and the state directory is one
 * the policy keeps agents from writing to, so the library airlock loads is the one it shipped.
 */
final class PtyNatives {
    static final String FOLDER_PROPERTY = "pty4j.preferred.native.folder";

    private PtyNatives() {}

    static void prepare(Path stateDir) throws IOException {
        String arch = arch(System.getProperty("os.arch"));
        String relative = "linux/" + arch + "/libpty.so";
        byte[] shipped;
        try (InputStream in = PtyNatives.class.getClassLoader().getResourceAsStream("resources/com/pty4j/native/" + relative)) {
            if (in == null) {
                throw new IOException("no pseudo-terminal library for linux/" + arch + " in airlock's jar");
            }
            shipped = in.readAllBytes();
        }
        Path root = stateDir.resolve("native");
        Path lib = root.resolve(relative);
        if (!Files.isRegularFile(lib) || !Arrays.equals(Files.readAllBytes(lib), shipped)) {
            Files.createDirectories(lib.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = Files.createTempFile(lib.getParent(), "libpty", ".tmp");
            Files.write(tmp, shipped);
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        System.setProperty(FOLDER_PROPERTY, root.toString());
    }

    /** JNA's name for the architecture, which is how pty4j's jar names its folders. */
    static String arch(String osArch) {
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return "x86-64";
            case "i386":
            case "i686":
            case "x86":
                return "x86";
            case "arm64":
                return "aarch64";
            default:
                return osArch;
        }
    }
}
