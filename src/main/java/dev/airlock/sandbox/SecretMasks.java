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
public record SecretMasks(List<Path> files, List<Path> dirs, boolean complete) {
    /** Directories never walked: bulky, rebuilt by tools, and masked as a whole would break builds. */
    private static final Set<String> SKIPPED = Set.of(".git", "node_modules", "target", "build", "dist", ".venv",
            "venv", "__pycache__", ".gradle", ".m2", ".cache", ".tox", ".mypy_cache", ".pytest_cache");
    static final int MAX_ENTRIES = 5_000;
    static final int MAX_DEPTH = 8;

    public SecretMasks {
        files = List.copyOf(files);
        dirs = List.copyOf(dirs);
    }

    public static SecretMasks find(List<String> secretGlobs, Path home, Path workspace) {
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
                    add(home.resolve(base), files, dirs);
                }
            } else if (!g.contains("/")) {
                (negated ? exempt : names).add(g);
            } else if (g.startsWith("/") && !negated) {
                absolute(g, files, dirs);
            }
        }
        GlobSet secret = new GlobSet(names);
        GlobSet notSecret = new GlobSet(exempt);
        // The home's own dot files (~/.netrc, ~/.npmrc, ...) and shell histories (typed passwords and
        // tokens; reading one asks, see PathClass.HISTORY), then the workspace, deeply.
        if (home != null && Files.isDirectory(home)) {
            walk(home, 0, secret, notSecret, files, dirs);
            for (String history : HistoryFiles.NAMES) {
                add(home.resolve(history), files, dirs);
            }
            add(home.resolve(".local/share/fish/fish_history"), files, dirs);
        }
        boolean complete = walk(workspace, MAX_DEPTH, secret, notSecret, files, dirs);
        return new SecretMasks(new ArrayList<>(files), new ArrayList<>(dirs), complete);
    }

    /** `/etc/shadow`, `/etc/ssh/ssh_host_*`: a pattern in the last name only; `/proc/...` is the sandbox's own. */
    private static void absolute(String g, Set<Path> files, Set<Path> dirs) {
        int slash = g.lastIndexOf('/');
        String parent = g.substring(0, Math.max(slash, 1));
        if (parent.startsWith("/proc") || parent.contains("*") || parent.contains("?") || parent.contains("[")) {
            return;
        }
        String last = g.substring(slash + 1);
        if (last.equals("**")) {
            add(Path.of(parent), files, dirs);
            return;
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(parent))) {
            for (Path e : entries) {
                if (m.matches(e.getFileName())) {
                    add(e, files, dirs);
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing there to hide
        }
    }

    private static boolean walk(Path root, int maxDepth, GlobSet names, GlobSet exempt, Set<Path> files,
            Set<Path> dirs) {
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
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (++seen > MAX_ENTRIES) {
                        return false;
                    }
                    String name = entry.getFileName().toString();
                    boolean directory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                    if (names.matches(name) && !exempt.matches(name)) {
                        add(entry, files, dirs);
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
    private static void add(Path p, Set<Path> files, Set<Path> dirs) {
        if (Files.isDirectory(p)) {
            dirs.add(p);
        } else if (Files.exists(p)) {
            files.add(p);
        }
    }
}
