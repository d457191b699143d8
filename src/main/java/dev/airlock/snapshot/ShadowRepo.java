package dev.airlock.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A git repository outside the workspace that keeps its snapshots (the way editors keep
 * checkpoints): git's index makes a second snapshot cost a stat of each file, and its objects store
 * each content once. The workspace's own `.git` is never touched; its `.gitignore` files are honoured,
 * and bulk directories (see {@link #EXCLUDED}) are left out and named in every receipt.
 */
public final class ShadowRepo {
    /** Directories rebuilt from elsewhere, too big to copy at every command: never in a snapshot. */
    public static final List<String> EXCLUDED = List.of("node_modules/", "target/", "build/", "dist/", ".venv/",
            "venv/", "__pycache__/", ".gradle/", ".tox/", ".cache/");
    /** A snapshot that takes longer is abandoned: the command must not wait on a huge tree. */
    private static final long TIME_LIMIT_SECONDS = 30;

    private final Path gitDir;
    private final Path workspace;

    private ShadowRepo(Path gitDir, Path workspace) {
        this.gitDir = gitDir;
        this.workspace = workspace;
    }

    /** The shadow repository of {@code workspace}, under {@code stateDir}/snapshots. */
    public static ShadowRepo of(Path stateDir, Path workspace) {
        return new ShadowRepo(stateDir.resolve("snapshots").resolve(key(workspace) + ".git"), workspace);
    }

    public Path workspace() {
        return workspace;
    }

    private static String key(Path workspace) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(workspace.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the workspace as it is now; returns the id of a commit that holds it. */
    public String snapshot(String label) throws IOException {
        init();
        git(null, "add", "-A", "--ignore-errors", ".");
        String tree = git(null, "write-tree").strip();
        String commit = git(null, "commit-tree", tree, "-m", label).strip();
        // Reachable, so `gc` keeps it; named by the time it was taken (to the millisecond, each git call takes
        // longer), so names sort oldest first where commit dates (to the second) tie.
        git(null, "update-ref", String.format("refs/airlock/%015d-%s", System.currentTimeMillis(), commit), commit);
        return commit;
    }

    /**
     * Keeps the newest {@code keep} snapshots: once more than {@code keep + slack} are kept, the oldest
     * go and their objects are packed away, so the cost of a clean-up is shared by {@code slack} commands.
     * Returns how many went.
     */
    public int prune(int keep, int slack) throws IOException {
        String[] refs = git(null, "for-each-ref", "--sort=-refname", "--format=%(refname)", "refs/airlock/")
                .lines().filter(l -> !l.isBlank()).toArray(String[]::new);
        if (refs.length <= keep + slack) {
            return 0;
        }
        for (int i = keep; i < refs.length; i++) {
            git(null, "update-ref", "-d", refs[i]);
        }
        git(null, "gc", "--prune=now", "--quiet");
        return refs.length - keep;
    }

    /** Files that differ between two snapshots: status letter (A, M, D) and path, as git names them. */
    public List<String[]> changes(String before, String after) throws IOException {
        List<String[]> out = new ArrayList<>();
        String[] f = git(null, "diff-tree", "-r", "-z", "--no-renames", "--name-status", before, after).split("\0");
        for (int i = 0; i + 1 < f.length; i += 2) {
            out.add(new String[] {f[i], f[i + 1]});
        }
        return out;
    }

    /** The size in bytes of {@code path} in snapshot {@code commit}, or -1. */
    public long size(String commit, String path) {
        try {
            return Long.parseLong(git(null, "cat-file", "-s", commit + ":" + path).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** A unified diff between two snapshots. */
    public String diff(String before, String after) throws IOException {
        return git(null, "diff", "--no-color", "--no-ext-diff", "--no-textconv", before, after);
    }

    /** Writes every file of {@code commit} back into the workspace (over what is there now). */
    public void checkout(String commit) throws IOException {
        Path index = Files.createTempFile(gitDir, "undo", ".index");
        try {
            git(index, "read-tree", commit);
            git(index, "checkout-index", "-a", "-f");
        } finally {
            Files.deleteIfExists(index);
        }
    }

    public boolean exists(String commit) {
        try {
            git(null, "cat-file", "-e", commit + "^{commit}");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The tree a commit holds. */
    public String tree(String commit) throws IOException {
        return git(null, "rev-parse", commit + "^{tree}").strip();
    }

    private void init() throws IOException {
        if (Files.isDirectory(gitDir.resolve("objects"))) {
            return;
        }
        Files.createDirectories(gitDir.getParent());
        run(List.of("git", "init", "-q", "--bare", gitDir.toString()), null, false);
        Files.writeString(gitDir.resolve("info").resolve("exclude"), String.join("\n", EXCLUDED) + "\n.git\n");
    }

    private String git(Path index, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
                "-c", "core.autocrlf=false", "-c", "core.quotepath=false", "-c", "user.name=airlock",
                "-c", "user.email=airlock@localhost", "-c", "commit.gpgsign=false", "-c", "gc.auto=0"));
        argv.addAll(List.of(args));
        return run(argv, index, true);
    }

    private String run(List<String> argv, Path index, boolean inRepo) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workspace.toFile()).redirectErrorStream(false)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_")); // the agent's GIT_DIR must not redirect a snapshot
        if (inRepo) {
            env.put("GIT_DIR", gitDir.toString());
            env.put("GIT_WORK_TREE", workspace.toString());
        }
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        if (index != null) {
            env.put("GIT_INDEX_FILE", index.toString());
        }
        Process p = pb.start();
        boolean[] late = {false};
        Thread guard = new Thread(() -> {
            try {
                if (!p.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    late[0] = true;
                    p.destroyForcibly(); // its pipes close: the reads below end
                }
            } catch (InterruptedException ignored) {
                // the snapshot ended first
            }
        }, "snapshot-guard");
        guard.setDaemon(true);
        guard.start();
        byte[] out;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream(); InputStream err = p.getErrorStream()) {
            Thread drain = new Thread(() -> {
                try {
                    errors.write(err.readNBytes(4096));
                    err.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // what was read is kept
                }
            });
            drain.setDaemon(true);
            drain.start();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toByteArray();
            p.waitFor();
            drain.join(1000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            guard.interrupt();
        }
        if (late[0]) {
            throw new IOException("git took longer than " + TIME_LIMIT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            String first = errors.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            throw new IOException("git failed (" + p.exitValue() + (first.isEmpty() ? "" : ": " + first) + ")");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
