package dev.airlock.resident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether an installation's resident server runs for this user and network namespace, for `airlock doctor`. */
public sealed interface ResidentStatus {
    /** Answering on 127.0.0.1:{@code port}. */
    record Running(long pid, int port) implements ResidentStatus {}

    /** Not running now; the next airlock-sh starts one. */
    record Stopped() implements ResidentStatus {}

    /** Will not run with this build, and why (the server's own words). */
    record Disabled(String why) implements ResidentStatus {}

    /** For {@code install}, as seen from this process's network namespace. */
    static ResidentStatus of(Path install) {
        try {
            Path user = ResidentMain.userDirectory(install);
            Path disabled = user.resolve("disabled");
            Path jar = install.resolve("target/airlock.jar");
            if (Files.exists(disabled) && Files.exists(jar)
                    && Files.getLastModifiedTime(disabled).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                return new Disabled(Files.readString(disabled, StandardCharsets.UTF_8).trim());
            }
            return running(ResidentMain.directory(install).resolve("port")).map(r -> (ResidentStatus) r)
                    .orElse(new Stopped());
        } catch (IOException | RuntimeException e) {
            return new Stopped();
        }
    }

    private static Optional<Running> running(Path portFile) throws IOException {
        if (!Files.exists(portFile)) {
            return Optional.empty();
        }
        String[] f = Files.readString(portFile, StandardCharsets.US_ASCII).trim().split(" ");
        if (f.length != 3) {
            return Optional.empty();
        }
        long pid = Long.parseLong(f[2]);
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Optional.of(new Running(pid, Integer.parseInt(f[0]))) : Optional.empty();
    }
}
