package dev.airlock.sandbox;

import dev.airlock.policy.AirlockPaths;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * The bubblewrap command line that runs one command in a profile (docs/sandbox.md): everything the
 * profile hides, in the order bwrap needs (a later mount covers an earlier one).
 *
 * @param harnessFiles files an agent's harness writes and reads back after the command (Claude Code's
 *     cwd file): bound writable, created first when missing
 * @param harnessDirs directories an agent's harness writes into only to learn about background jobs
 *     (Gemini CLI's): made empty inside, since a confined command's jobs end with it
 * @param onTerminal the command keeps its controlling terminal and process group (`airlock session`:
 *     job control, Ctrl-C, full-screen programs); the seccomp filter refuses the ioctls that push keys
 *     into a terminal, which a new session otherwise prevents
 */
public record Confinement(Profile profile, Path bwrap, String cwd, Map<String, String> env, AirlockPaths paths,
        SecretMasks secrets, List<String> harnessFiles, List<String> harnessDirs, boolean onTerminal) {

    /** Variables naming channels out of the sandbox (agents, buses, displays): their sockets are hidden anyway. */
    private static final List<String> CHANNEL_VARIABLES = List.of("SSH_AUTH_SOCK", "SSH_AGENT_PID", "GPG_AGENT_INFO",
            "DBUS_SESSION_BUS_ADDRESS", "DBUS_SYSTEM_BUS_ADDRESS", "WAYLAND_DISPLAY", "DISPLAY", "XAUTHORITY",
            "DOCKER_HOST", "TMUX", "TMUX_PANE", "STY", "KRB5CCNAME");

    /** Directories that are empty and private in every sandbox. */
    private static final List<String> PRIVATE = List.of("/tmp", "/dev/shm", "/run");

    public Confinement {
        harnessFiles = List.copyOf(harnessFiles);
        harnessDirs = List.copyOf(harnessDirs);
        if (profile == Profile.NONE) {
            throw new IllegalArgumentException("`none` runs without bwrap");
        }
    }

    /**
     * `sh -c 'exec 9<FILTER ...' FILTER setsid bwrap ARGS --`: the words to put before the real shell's
     * argv. {@code /bin/sh}, not bash: bash would read the agent's BASH_ENV before the sandbox exists.
     */
    public List<String> prefix() throws java.io.IOException {
        List<String> a = new ArrayList<>(List.of("/bin/sh", "-c", "exec 9<\"$0\" && exec \"$@\"",
                UnixSocketFilter.file(paths.stateDir()).toString()));
        // Its own process group: an agent's group signal goes to airlock-sh, which passes it to the
        // command's group inside; bwrap itself, killed by it, would SIGKILL the command instead.
        if (!onTerminal && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            a.add("/usr/bin/setsid");
            a.add("-w"); // a group leader (a job of an interactive shell) is forked first: wait for it
        }
        a.add(bwrap.toString());
        a.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
        // Private /tmp, /dev/shm and /run: they hold the sockets of tmux, ssh-agent, D-Bus, X11,
        // Docker and airlock's console, other users' files, and what the agent wrote before.
        // The home, the workspace and the working directory stay visible (read-only) when they sit under
        // a private directory (tests and agents often work in /tmp): the whole entry of that directory
        // they are in, so that `ls -la` there shows what it shows outside.
        Path ws = workspace(cwd);
        Set<String> shown = new LinkedHashSet<>();
        for (Path visible : List.of(paths.home(), ws, Path.of(cwd == null ? "/" : cwd))) {
            String v = visible.toAbsolutePath().normalize().toString();
            for (String p : PRIVATE) {
                if (under(v, p) && Files.isDirectory(visible)) {
                    int next = v.indexOf('/', p.length() + 1);
                    shown.add(v.equals(p) ? p : next < 0 ? v : v.substring(0, next));
                }
            }
        }
        for (String p : PRIVATE) {
            if (!shown.contains(p)) {
                a.addAll(List.of("--tmpfs", p));
            }
        }
        for (String v : shown) {
            a.addAll(List.of("--ro-bind", v, v));
        }
        // A home that is a git repository (dotfiles) or the root is no workspace: it stays read-only.
        if (profile == Profile.WORKSPACE && !ws.equals(paths.home()) && ws.getParent() != null) {
            a.addAll(List.of("--bind", ws.toString(), ws.toString()));
            // Writable files there that run code later, when a person runs git: kept as they are. A
            // `.git` file (worktrees, submodules) could be pointed at a directory the command made.
            for (String keep : List.of(".git/hooks", ".git/config", ".git/modules", ".git/worktrees", ".git/info",
                    ".airlock")) {
                Path p = ws.resolve(keep);
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
                }
            }
            Path dotGit = ws.resolve(".git");
            if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
                a.addAll(List.of("--ro-bind", dotGit.toString(), dotGit.toString()));
            }
        }
        List<Path> working = List.of(paths.home(), ws, Path.of(cwd == null ? "/" : cwd));
        for (Path dir : airlockDirs()) {
            // A directory that holds the home or the work (tests put everything in one temporary
            // directory) stays visible, read-only; its sockets are out of reach all the same (seccomp).
            if (working.stream().noneMatch(w -> w.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize()))) {
                tmpfs(a, dir);
            }
        }
        for (Path dir : secrets.dirs()) {
            tmpfs(a, dir);
        }
        for (Path file : secrets.files()) {
            a.addAll(List.of("--ro-bind", "/dev/null", file.toString()));
        }
        for (String dir : harnessDirs) {
            a.addAll(List.of("--dir", dir));
        }
        for (String file : harnessFiles) {
            a.addAll(List.of("--bind", file, file));
        }
        a.addAll(List.of("--unshare-all", "--die-with-parent"));
        if (!onTerminal) {
            a.add("--new-session");
        }
        a.addAll(List.of("--cap-drop", "ALL", "--seccomp", "9"));
        for (String name : CHANNEL_VARIABLES) {
            if (env.containsKey(name)) {
                a.addAll(List.of("--unsetenv", name));
            }
        }
        if (cwd != null && Files.isDirectory(Path.of(cwd))) {
            a.addAll(List.of("--chdir", cwd));
        }
        a.add("--");
        return a;
    }

    /**
     * Airlock's own state: the runtime and state directories (the console socket, the audit log and
     * its head), the resident server's port and token. Hidden, not merely read-only: a socket there
     * would still accept a connection.
     */
    private Set<Path> airlockDirs() {
        Set<Path> out = new LinkedHashSet<>(); // the socket's directory is often the state directory
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/")) {
            out.add(Path.of(runtime));
        }
        out.add(paths.stateDir());
        out.add(paths.socket().getParent());
        if (paths.install() != null) {
            out.add(paths.install().resolve("target/resident"));
        }
        return out;
    }

    /** An empty tmpfs over an existing directory (under a private directory too: the home may be bound back there). */
    private static void tmpfs(List<String> a, Path dir) {
        if (Files.isDirectory(dir)) {
            a.addAll(List.of("--tmpfs", dir.toString()));
        }
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    /** The git top level above {@code cwd}, else {@code cwd} itself. */
    public static Path workspace(String cwd) {
        Path start = Path.of(cwd == null ? "/" : cwd).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        return start;
    }
}
