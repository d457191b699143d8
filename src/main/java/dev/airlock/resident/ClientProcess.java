package dev.airlock.resident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher a request speaks for, read from /proc rather than from the request: its arguments,
 * environment and directory are what the kernel says they are, so a request cannot describe a command
 * other than the one its launcher was started with. A request is answered only when the connection
 * belongs to that very process and the process is bash running this installation's airlock-sh.
 */
record ClientProcess(long pid, List<String> argv, Map<String, String> env, String cwd) {

    /** Why a request is not answered: the launcher then starts airlock-sh's JVM. */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param clientPort the connection's port on the client's side, {@code serverPort} the server's
     * @param launcher this installation's airlock-sh script, resolved
     * @param interpreter the bash the launcher's shebang names, resolved
     */
    static ClientProcess read(long pid, int clientPort, int serverPort, Path launcher, Path interpreter) throws Rejected {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (!Files.readSymbolicLink(proc.resolve("exe")).equals(interpreter)) {
                throw new Rejected("process " + pid + " is not " + interpreter);
            }
            // Its paths, processes and users must mean what they mean here (a chroot or a sandbox's
            // mount namespace would see other policy files, another audit log, another disk).
            for (String view : List.of("ns/mnt", "ns/user", "ns/pid", "root")) {
                if (!Files.readSymbolicLink(proc.resolve(view)).equals(Files.readSymbolicLink(Path.of("/proc/self", view)))) {
                    throw new Rejected("process " + pid + " has another " + view);
                }
            }
            long inode = socketInode(proc, clientPort, serverPort)
                    .orElseThrow(() -> new Rejected("no such connection from 127.0.0.1:" + clientPort));
            if (!holdsSocket(proc, inode)) {
                throw new Rejected("the connection is not process " + pid + "'s");
            }
            String cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
            if (cwd.endsWith(" (deleted)") || !Files.isDirectory(Path.of(cwd))) {
                throw new Rejected("the working directory is gone");
            }
            List<String> cmdline = nulSeparated(Files.readAllBytes(proc.resolve("cmdline")));
            // bash started through the shebang: [interpreter, script as named, arguments...]
            if (cmdline.size() < 2 || !Path.of(cwd).resolve(cmdline.get(1)).toRealPath().equals(launcher)) {
                throw new Rejected("process " + pid + " does not run " + launcher);
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String entry : nulSeparated(Files.readAllBytes(proc.resolve("environ")))) {
                int eq = entry.indexOf('=');
                // bash keeps the last of two equal names, Java's getenv the first: judge no such process
                if (eq > 0 && env.put(entry.substring(0, eq), entry.substring(eq + 1)) != null) {
                    throw new Rejected("the environment names " + entry.substring(0, eq) + " twice");
                }
            }
            return new ClientProcess(pid, List.copyOf(cmdline.subList(2, cmdline.size())), env, cwd);
        } catch (IOException | RuntimeException e) {
            throw new Rejected("cannot read process " + pid + ": " + e.getMessage());
        }
    }

    /** Strict UTF-8: a launcher whose arguments or environment are not goes to the JVM path, which judges them as always. */
    private static List<String> nulSeparated(byte[] bytes) throws Rejected {
        List<String> out = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder();
        int start = 0;
        for (int k = 0; k < bytes.length; k++) {
            if (bytes[k] == 0) {
                try {
                    out.add(decoder.decode(java.nio.ByteBuffer.wrap(bytes, start, k - start)).toString());
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new Rejected("not UTF-8");
                }
                start = k + 1;
            }
        }
        return out;
    }

    /** The inode of the TCP socket 127.0.0.1:clientPort -> 127.0.0.1:serverPort, as the client's network namespace lists it. */
    private static Optional<Long> socketInode(Path proc, int clientPort, int serverPort) throws IOException {
        String local = String.format(Locale.ROOT, "0100007F:%04X", clientPort);
        String remote = String.format(Locale.ROOT, "0100007F:%04X", serverPort);
        for (String line : Files.readAllLines(proc.resolve("net/tcp"), StandardCharsets.US_ASCII)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].equals(local) && f[2].equals(remote)) {
                return Optional.of(Long.parseLong(f[9]));
            }
        }
        return Optional.empty();
    }

    private static boolean holdsSocket(Path proc, long inode) throws IOException {
        String wanted = "socket:[" + inode + "]";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(wanted)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        }
        return false;
    }
}
