package dev.airlock.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Single-use approval receipts for Codex's nested start: the outer airlock-sh, after a person
 * approved command C, runs a prelude that execs the shim again with `-c C`. The outer writes a
 * receipt naming its child's pid, its own pid and start time, the hash of C and the cwd; the
 * inner consumes it instead of asking twice. A receipt counts only when the process that wrote it
 * is the inner's parent and is still an airlock process, so no variable or file an agent writes
 * can fake one: an agent cannot make its own process the child of an airlock process.
 */
public final class Receipts {
    /** A receipt is for the nested start that follows at once; an old one is never honoured. */
    static final long MAX_AGE_MILLIS = 60_000;

    private final Path dir;

    public Receipts(Path stateDir) {
        this.dir = stateDir.resolve("receipts");
    }

    public void issue(long childPid, String command, String cwd, long approvedSeq, String approver) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        long self = ProcessHandle.current().pid();
        String body = self + "\n" + ProcessInfo.startTime(self).orElse(-1L) + "\n" + hash(command, cwd) + "\n"
                + approvedSeq + "\n" + approver + "\n";
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        Path file = dir.resolve(childPid + "-" + HexFormat.of().formatHex(nonce) + ".receipt");
        Files.writeString(file, body, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** The approval an outer airlock-sh granted this process for {@code command} in {@code cwd}, consumed once. */
    public record Grant(long approvedSeq, String approver) {}

    public Optional<Grant> consume(String command, String cwd) {
        long self = ProcessHandle.current().pid();
        Optional<Long> parent = ProcessInfo.parent(self);
        if (parent.isEmpty() || !Files.isDirectory(dir) || !isAirlock(parent.get())) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, self + "-*.receipt")) {
            for (Path f : files) {
                String[] lines = Files.readString(f).split("\n");
                long age = System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis();
                // Delete first: whatever it says, a receipt is used at most once.
                Files.deleteIfExists(f);
                if (age >= 0 && age < MAX_AGE_MILLIS && lines.length >= 5 && Long.parseLong(lines[0]) == parent.get()
                        && Long.parseLong(lines[1]) == ProcessInfo.startTime(parent.get()).orElse(-2L)
                        && lines[2].equals(hash(command, cwd))) {
                    return Optional.of(new Grant(Long.parseLong(lines[3]), lines[4]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean isAirlock(long pid) {
        return ProcessInfo.cmdline(pid).map(c -> c.contains("dev.airlock.")).orElse(false);
    }

    static String hash(String command, String cwd) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(command.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(String.valueOf(cwd).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
