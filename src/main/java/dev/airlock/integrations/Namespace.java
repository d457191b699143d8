package dev.airlock.integrations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Codex takes its shell from the password database and nothing else. Rather than change the
 * person's login shell, Codex runs in a private user and mount namespace where a copy of
 * /etc/passwd is bind-mounted over the real one, naming airlock-sh as the person's shell:
 *
 * <ol>
 *   <li>{@code unshare --user --map-root-user --mount}: root inside, so it may mount (the mount is
 *       private to the new namespace and gone when Codex exits);</li>
 *   <li>{@code mount --bind COPY /etc/passwd}, then the copy is removed (the mount keeps it);</li>
 *   <li>{@code unshare --user --map-user=UID --map-group=GID}: back to the person's own ids, so
 *       getpwuid() finds their entry, and no privilege is left over.</li>
 * </ol>
 *
 * It needs util-linux 2.38 (for --map-user) and unprivileged user namespaces.
 */
public final class Namespace {
    /** Runs in the outer namespace as root: mount, drop the copy, go back to the person's ids, exec. */
    static final String SCRIPT = String.join("\n",
            "f=$1 uid=$2 gid=$3 mount=$4 unshare=$5; shift 5",
            "if ! \"$mount\" --bind \"$f\" /etc/passwd; then",
            "  rm -f \"$f\"",
            "  echo 'airlock: could not show the agent a private /etc/passwd; nothing was run.' >&2",
            "  exit 126",
            "fi",
            "rm -f \"$f\"",
            "exec \"$unshare\" --user --map-user=\"$uid\" --map-group=\"$gid\" -- \"$@\"");

    private final Map<String, String> env;

    public Namespace(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The argv that runs {@code command} with {@code shell} as the person's login shell. */
    public List<String> argv(Path shell, List<String> command) throws ConfigException {
        Path unshare = tool("unshare");
        Path mount = tool("mount");
        long uid = id("unix:uid");
        long gid = id("unix:gid");
        probe(unshare, uid, gid);
        Path copy = passwdCopy(uid, shell);
        List<String> argv = new ArrayList<>(List.of(unshare.toString(), "--user", "--map-root-user", "--mount", "--",
                "/bin/sh", "-c", SCRIPT, "airlock-wrap", copy.toString(), Long.toString(uid), Long.toString(gid),
                mount.toString(), unshare.toString()));
        argv.addAll(command);
        return argv;
    }

    private Path tool(String name) throws ConfigException {
        String path = env.getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin";
        return Programs.find(name, path, null).orElseThrow(() -> new ConfigException(
                name + " (util-linux) is not installed; it is needed to start codex with airlock-sh as its login shell"));
    }

    private static long id(String attribute) throws ConfigException {
        try {
            // /proc/self belongs to this process's effective ids: no native call needed.
            return ((Number) Files.getAttribute(Path.of("/proc/self"), attribute)).longValue();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot learn this process's user id from /proc/self: " + e.getMessage());
        }
    }

    /** Tries both namespace steps once, so a system that forbids them gets a clear message, not a half start. */
    private static void probe(Path unshare, long uid, long gid) throws ConfigException {
        List<String> cmd = List.of(unshare.toString(), "--user", "--map-root-user", "--mount", "--",
                unshare.toString(), "--user", "--map-user=" + uid, "--map-group=" + gid, "--", "/bin/true");
        Processes.Result r = Processes.run(cmd, null, 30).orElseThrow(() ->
                new ConfigException("cannot run " + unshare + ", or it did not finish in 30 s"));
        if (r.exit() != 0) {
            throw new ConfigException("cannot start codex in a private user and mount namespace ("
                    + r.err().strip().replace('\n', ' ') + "); this system may forbid unprivileged user namespaces,"
                    + " or util-linux is older than 2.38. See docs/integrations.md#codex for a dedicated agent user instead");
        }
    }

    /** /etc/passwd with this user's shell replaced, in a private temporary file the launch script removes. */
    private Path passwdCopy(long uid, Path shell) throws ConfigException {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read /etc/passwd: " + e.getMessage());
        }
        boolean found = false;
        for (int k = 0; k < lines.size(); k++) {
            Optional<String> changed = withShell(lines.get(k), uid, shell);
            if (changed.isPresent()) {
                lines.set(k, changed.get());
                found = true;
            }
        }
        if (!found) {
            // A user from LDAP or sssd: add a files entry, which getpwuid() consults first on most systems.
            String entry = getent(uid).orElseThrow(() -> new ConfigException("user id " + uid + " has no password entry"));
            lines.add(withShell(entry, uid, shell).orElseThrow(() -> new ConfigException("unreadable password entry: " + entry)));
        }
        try {
            String tmp = env.get("TMPDIR");
            Path copy = tmp != null && Path.of(tmp).isAbsolute() && Files.isDirectory(Path.of(tmp))
                    ? Files.createTempFile(Path.of(tmp), "airlock-passwd-", "") : Files.createTempFile("airlock-passwd-", "");
            Files.writeString(copy, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            return copy;
        } catch (IOException e) {
            throw new ConfigException("cannot write a copy of /etc/passwd: " + e.getMessage());
        }
    }

    /** The line with its login shell (the seventh field) replaced, if it is {@code uid}'s entry. */
    static Optional<String> withShell(String line, long uid, Path shell) {
        String[] f = line.split(":", -1);
        if (f.length != 7 || !f[2].equals(Long.toString(uid))) {
            return Optional.empty();
        }
        f[6] = shell.toString();
        return Optional.of(String.join(":", f));
    }

    private static Optional<String> getent(long uid) {
        return Processes.run(List.of("getent", "passwd", Long.toString(uid)), null, 30)
                .filter(r -> r.exit() == 0).flatMap(r -> r.out().lines().findFirst());
    }
}
