package dev.airlock.sandbox;

import dev.airlock.analysis.GlobSet;
import dev.airlock.analysis.HistoryFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a sandbox hides because the policy calls them secret (`secret_paths`): the `~/...`
 * entries under the home directory, and files whose name matches (`.env`, `*.pem`, `id_rsa*`) in
 * the workspace, found by a bounded walk. A walk that hits its bound says so ({@link #complete}),
 * and then nothing may run without a question on the strength of the sandbox alone.
 */
public record SecretMasks(List<Path> files, List<Path> dirs, boolean complete, Map<Path, Long> watched) {
    /** Directories never walked: bulky, rebuilt by tools, and masked as a whole would break builds. */
    private static final Set<String> SKIPPED = Set.of(".git", "node_modules", "target", "build", "dist", ".venv",
            "venv", "__pycache__", ".gradle", ".m2", ".cache", ".tox", ".mypy_cache", ".pytest_cache");
    static final int MAX_ENTRIES = 5_000;
    static final int MAX_DEPTH = 8;

    public SecretMasks {
        files = List.copyOf(files);
        dirs = List.copyOf(dirs);
        watched = Map.copyOf(watched);
    }

    /**
     * The resident server finds the same masks for every command in a workspace: a walk is kept
     * while no directory it read (or that would hold a secret it looked for) has changed since.
     */
    private static final Map<List<Object>, SecretMasks> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_SIZE = 64;

    public static SecretMasks find(List<String> secretGlobs, Path home, Path workspace) {
        List<Object> key = Arrays.asList(secretGlobs, home, workspace);
        SecretMasks cached = CACHE.get(key);
        if (cached != null && cached.unchanged()) {
            return cached;
        }
        SecretMasks fresh = walkAll(secretGlobs, home, workspace);
        if (CACHE.size() >= CACHE_SIZE) {
            CACHE.clear();
        }
        CACHE.put(key, fresh);
        return fresh;
    }

    /** True while every directory the walk depended on has the modification time it had then. */
    boolean unchanged() {
        for (Map.Entry<Path, Long> e : watched.entrySet()) {
            if (mtime(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static long mtime(Path dir) {
        try {
            return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Records {@code dir}'s time before it is read, so a change while reading shows as a change. */
    private static void watch(Path dir, Map<Path, Long> watched) {
        if (dir != null) {
            watched.putIfAbsent(dir, mtime(dir));
        }
    }

    private static SecretMasks walkAll(List<String> secretGlobs, Path home, Path workspace) {
        Map<Path, Long> watched = new HashMap<>();
        Set<Path> files = new LinkedHashSet<>();
        Set<Path> dirs = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        List<String> exempt = new ArrayList<>();
        for (String glob : secretGlobs) {
            boolean negated = glob.startsWith("!");
            String g = negated ? glob.substring(1) : glob;
            if (g.startsWith("~/") && !negated && home != null) {
                String rel = g.substring(2);
                boolean tree = rel.endsWith("/**");
                String base = tree ? rel.substring(0, rel.length() - 3) : rel;
                if (!base.contains("*") && !base.contains("?") && !base.contains("[")) {
                    add(home.resolve(base), files, dirs, watched);
                }
            } else if (!g.contains("/")) {
                (negated ? exempt : names).add(g);
            } else if (g.startsWith("/") && !negated) {
                absolute(g, files, dirs, watched);
            }
        }
        GlobSet secret = new GlobSet(names);
        GlobSet notSecret = new GlobSet(exempt);
        // The home's own dot files (~/.netrc, ~/.npmrc, ...) and shell histories (typed passwords and
        // tokens; reading one asks, see PathClass.HISTORY), then the workspace, deeply.
        if (home != null && Files.isDirectory(home)) {
            walk(home, 0, secret, notSecret, files, dirs, watched);
            for (String history : HistoryFiles.NAMES) {
                add(home.resolve(history), files, dirs, watched);
            }
            add(home.resolve(".local/share/fish/fish_history"), files, dirs, watched);
        }
        boolean complete = walk(workspace, MAX_DEPTH, secret, notSecret, files, dirs, watched);
        return new SecretMasks(new ArrayList<>(files), new ArrayList<>(dirs), complete, watched);
    }

    /**
     * `/etc/shadow`, `/etc/ssh/ssh_host_*`: a pattern in the last name only; `/proc/...` and `/dev/...` are the
     * sandbox's own (other terminals are not there).
     */
    private static void absolute(String g, Set<Path> files, Set<Path> dirs, Map<Path, Long> watched) {
        int slash = g.lastIndexOf('/');
        String parent = g.substring(0, Math.max(slash, 1));
        if (parent.startsWith("/proc") || parent.startsWith("/dev") || parent.contains("*") || parent.contains("?") || parent.contains("[")) {
            return;
        }
        String last = g.substring(slash + 1);
        if (last.equals("**")) {
            add(Path.of(parent), files, dirs, watched);
            return;
        }
        watch(Path.of(parent), watched);
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(parent))) {
            for (Path e : entries) {
                if (m.matches(e.getFileName())) {
                    add(e, files, dirs, watched);
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing there to hide
        }
    }

    private static boolean walk(Path root, int maxDepth, GlobSet names, GlobSet exempt, Set<Path> files,
            Set<Path> dirs, Map<Path, Long> watched) {
        if (root == null || !Files.isDirectory(root)) {
            return true;
        }
        Deque<Path> todo = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        todo.add(root);
        depths.add(0);
        int seen = 0;
        while (!todo.isEmpty()) {
            Path dir = todo.poll();
            int depth = depths.poll();
            watch(dir, watched);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (++seen > MAX_ENTRIES) {
                        return false;
                    }
                    String name = entry.getFileName().toString();
                    boolean directory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                    if (names.matches(name) && !exempt.matches(name)) {
                        add(entry, files, dirs, watched);
                    } else if (directory && !SKIPPED.contains(name)) {
                        if (depth + 1 > maxDepth) {
                            if (maxDepth == MAX_DEPTH) {
                                return false;
                            }
                            continue;
                        }
                        todo.add(entry);
                        depths.add(depth + 1);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable directory is unreadable inside the sandbox too
            }
        }
        return true;
    }

    /** A file is covered by an empty one; a directory by an empty tmpfs; a link is followed, as a reader would. */
    private static void add(Path p, Set<Path> files, Set<Path> dirs, Map<Path, Long> watched) {
        // Making p changes the time of the nearest directory above it that exists.
        Path above = p.getParent();
        while (above != null && !Files.isDirectory(above, LinkOption.NOFOLLOW_LINKS)) {
            above = above.getParent();
        }
        watch(above, watched);
        if (Files.isDirectory(p)) {
            dirs.add(p);
        } else if (Files.exists(p)) {
            files.add(p);
        }
    }
}
