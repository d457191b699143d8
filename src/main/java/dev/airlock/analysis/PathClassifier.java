package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Resolves a path argument against a directory and says what it points at. */
final class PathClassifier {
    private static final Set<String> SYSTEM_DIRS = Set.of("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
            "/libx32", "/boot", "/var", "/opt", "/sys", "/proc", "/root", "/srv", "/snap", "/run", "/mnt", "/media",
            "/home", "/tmp", "/dev", "/usr/local", "/usr/bin", "/usr/lib", "/usr/share", "/var/lib", "/var/log");
    private static final Set<String> STANDARD_STREAMS = Set.of("/dev/null", "/dev/stdin", "/dev/stdout", "/dev/stderr",
            "/dev/tty", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full");
    private static final Set<String> HISTORY_NAMES = HistoryFiles.NAMES;
    /** `/proc/self/root/x` and `/proc/1/root/x` are `/x`; `/proc/self/cwd/x` is x in this directory. */
    private static final Pattern PROC_ROOT = Pattern.compile("/proc/(self|thread-self|[0-9]+)/root(/.*)?");
    private static final Pattern PROC_CWD = Pattern.compile("/proc/(self|thread-self)/cwd(/.*)?");
    private static final Set<String> STARTUP_NAMES = Set.of(".bashrc", ".bash_profile", ".bash_login", ".bash_logout",
            ".profile", ".zshrc", ".zprofile", ".zshenv", ".zlogin", ".inputrc");
    private static final Pattern PROC_FD = Pattern.compile("/proc/[0-9]+/fd/.*");
    private static final Pattern REMOTE = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+:.*");
    private static final Pattern REV_PATH = Pattern.compile("^[^/:=@]+:([^/].*|/.+)$");
    /** Files a pattern over names may reach; a glob that can match one of these may read a secret. */
    private static final List<String> SECRET_SAMPLES = List.of(".env", ".env.local", ".env.production", "id_rsa",
            "id_ed25519", "id_ecdsa", "server.pem", "server.key", "credentials", ".netrc", ".git-credentials", ".npmrc",
            ".pypirc", ".pgpass", ".vault-token", "secrets.yml", "cert.p12", ".bash_history", ".zsh_history");
    private static final Pattern KEY_VALUE = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]*=(.+)$");

    private final DiskView disk;
    private final String workspaceRoot;
    private final String home;
    private final List<String> airlockPaths;
    private final List<String> airlockSecrets;
    private final SecretPatterns secrets;
    /** `shopt -s dotglob` ran earlier in the text: `*` matches `.env` too. */
    private final boolean dotglob;
    /** `shopt -s nocaseglob` ran earlier in the text: `.[E]NV` matches `.env`. */
    private final boolean nocaseglob;

    /**
     * This classifier for the rest of one text after `shopt -s dotglob` / `nocaseglob` (never turned off
     * again). A copy, not a change: an Analyzer, and its classifier, serves every command of a directory,
     * from several threads in `check --batch`, and one command's options must not reach the next.
     */
    PathClassifier withGlobOptions(boolean dotglob, boolean nocaseglob) {
        boolean d = this.dotglob || dotglob;
        boolean n = this.nocaseglob || nocaseglob;
        return d == this.dotglob && n == this.nocaseglob ? this : new PathClassifier(this, d, n);
    }

    /** The policy's secret globs, compiled once per pattern list and home (the lists are shared, immutable). */
    private record SecretPatterns(GlobSet names, GlobSet paths, GlobSet notNames) {
        private static final Map<List<String>, Map<String, SecretPatterns>> CACHE =
                java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

        static SecretPatterns of(List<String> patterns, String home) {
            return CACHE.computeIfAbsent(patterns, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(String.valueOf(home), h -> compile(patterns, home));
        }

        private static SecretPatterns compile(List<String> patterns, String home) {
            List<String> names = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            List<String> notNames = new ArrayList<>();
            for (String pattern : patterns) {
                boolean negated = pattern.startsWith("!");
                String p = negated ? pattern.substring(1) : pattern;
                if (p.startsWith("~/") && !negated) {
                    // `~/.ssh/**` guards every user's keys that this user can read, not only the own home's
                    paths.add("/home/*" + p.substring(1));
                    paths.add("/root" + p.substring(1));
                }
                if (p.startsWith("~/") && home != null) {
                    p = home + p.substring(1);
                }
                (negated ? notNames : p.contains("/") ? paths : names).add(p);
            }
            return new SecretPatterns(new GlobSet(names), new GlobSet(paths), new GlobSet(notNames));
        }
    }

    PathClassifier(AnalysisContext ctx) {
        this.disk = ctx.disk();
        this.workspaceRoot = PathText.normalize(ctx.workspaceRoot());
        this.home = PathText.normalize(ctx.home());
        List<String> own = new ArrayList<>();
        for (String p : ctx.airlockPaths()) {
            String n = PathText.normalize(p);
            if (n != null) {
                own.add(n);
            }
        }
        if (workspaceRoot != null) {
            own.add(PathText.join(workspaceRoot, ".airlock"));
            // project settings of the agents: hooks there run commands outside airlock
            for (String settings : List.of(".claude/settings.json", ".claude/settings.local.json", ".gemini/settings.json")) {
                own.add(PathText.join(workspaceRoot, settings));
            }
        }
        this.airlockPaths = List.copyOf(own);
        // The resident server's port file holds the token that proves the server to airlock-sh: reading
        // it is reading a secret, though it sits among airlock's ordinary files.
        this.airlockSecrets = own.stream().filter(p -> p.endsWith("/target/resident")).toList();
        this.secrets = SecretPatterns.of(ctx.secretPatterns(), home);
        this.dotglob = false;
        this.nocaseglob = false;
        this.byName = new java.util.concurrent.ConcurrentHashMap<>();
    }

    /** The same places with other glob options; the classes by name do not depend on them, so they are shared. */
    private PathClassifier(PathClassifier base, boolean dotglob, boolean nocaseglob) {
        this.disk = base.disk;
        this.workspaceRoot = base.workspaceRoot;
        this.home = base.home;
        this.airlockPaths = base.airlockPaths;
        this.airlockSecrets = base.airlockSecrets;
        this.secrets = base.secrets;
        this.byName = base.byName;
        this.dotglob = dotglob;
        this.nocaseglob = nocaseglob;
    }

    /** Classes of an argument's value read as a path relative to {@code cwd} (null: unknown directory). */
    Set<PathClass> classify(String value, boolean glob, String cwd) {
        EnumSet<PathClass> out = EnumSet.noneOf(PathClass.class);
        if (value == null) {
            out.add(PathClass.UNKNOWN);
            return out;
        }
        if (value.isEmpty()) {
            return out;
        }
        if (value.startsWith("-")) {
            int eq = value.indexOf('=');
            if (eq > 0 && eq + 1 < value.length()) {
                out.addAll(classifyPath(stripAt(value.substring(eq + 1)), glob, cwd));
            }
            return out;
        }
        if (value.startsWith("@") && value.length() > 1) {
            out.addAll(classifyPath(value.substring(1), glob, cwd));
        }
        // Cheap character checks first: every argument of every command passes through here.
        var kv = value.indexOf('=') > 0 ? KEY_VALUE.matcher(value) : null;
        if (kv != null && kv.matches()) {
            out.addAll(classifyPath(stripAt(kv.group(1)), glob, cwd));
        }
        if (looksLikeUrlOrRemote(value)) {
            return out;
        }
        if (mentionsOwnFiles(value, cwd)) {
            out.add(PathClass.AIRLOCK); // `python3 -c 'open("~/.config/airlock/policy.json", "w")'`
        }
        var revPath = value.indexOf(':') > 0 ? REV_PATH.matcher(value) : null;
        if (revPath != null && revPath.matches()) {
            out.addAll(classifyPath(revPath.group(1), glob, cwd)); // `HEAD:.env`, `host:~/.ssh/id_rsa`
        }
        out.addAll(classifyPath(value, glob, cwd));
        return out;
    }

    /** Code or text that names one of airlock's files among other words (an interpreter's one-liner). */
    private boolean mentionsOwnFiles(String value, String cwd) {
        if (value.indexOf(' ') < 0 && value.indexOf('"') < 0 && value.indexOf('\'') < 0 && value.indexOf('(') < 0) {
            return false;
        }
        for (String token : CODE_SEPARATORS.split(value)) {
            if ((token.startsWith("/") || token.startsWith("~") || token.contains(".airlock")) && token.length() > 1) {
                String abs = absolute(token, cwd);
                if (abs != null && airlockPaths.stream().anyMatch(own -> PathText.isUnder(abs, own))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final Pattern CODE_SEPARATORS = Pattern.compile("[\\s'\"`()\\[\\],;=<>|&{}+]+");

    private static String stripAt(String s) {
        return s.startsWith("@") && s.length() > 1 ? s.substring(1) : s;
    }

    private static boolean looksLikeUrlOrRemote(String value) {
        return value.contains("://") || (value.indexOf('@') > 0 && REMOTE.matcher(value).matches());
    }

    private Set<PathClass> classifyPath(String value, boolean glob, String cwd) {
        EnumSet<PathClass> out = EnumSet.noneOf(PathClass.class);
        String abs = throughProc(absolute(value, cwd), cwd);
        if (abs == null) {
            out.add(PathClass.UNKNOWN);
            addNameClasses(value, out);
            return out;
        }
        if (glob) {
            // `dir/*` removes everything in dir: treat it as dir itself. A glob earlier in the path is unknown.
            List<String> segments = List.of(abs.split("/"));
            int firstGlob = -1;
            for (int k = 0; k < segments.size(); k++) {
                if (Glob.isPattern(segments.get(k))) {
                    firstGlob = k;
                    break;
                }
            }
            if (firstGlob >= 0) {
                String last = segments.get(segments.size() - 1);
                String parent = String.join("/", segments.subList(0, firstGlob));
                parent = parent.isEmpty() ? "/" : parent;
                if (firstGlob == segments.size() - 1 && isWholeDirGlob(last)) {
                    out.addAll(classifyAbsolute(parent));
                    out.remove(PathClass.STANDARD_STREAM);
                } else {
                    out.addAll(classifyAbsolute(parent));
                    out.remove(PathClass.ROOT);
                    out.remove(PathClass.HOME);
                    out.remove(PathClass.WORKSPACE_ROOT);
                    out.remove(PathClass.SYSTEM_ROOT);
                    if (firstGlob < segments.size() - 1) {
                        out.add(PathClass.UNKNOWN);
                    }
                }
                addNameClasses(last, out);
                if (mayMatchSecret(abs, parent)) {
                    out.add(PathClass.SECRET);
                }
                if (PathText.isUnder(parent, "/dev") && !parent.equals("/dev/fd")) {
                    out.add(PathClass.DEVICE);
                }
                return out;
            }
        }
        out.addAll(classifyAbsolute(abs));
        String real = disk.realPath(abs); // a symlink planted in the workspace (`ln -s ~/.ssh keys`)
        if (real != null && !real.equals(abs)) {
            out.addAll(classifyAbsolute(real)); // a symlink is judged by where it leads, too
            out.remove(PathClass.OUTSIDE);
            if (out.isEmpty()) {
                out.add(PathClass.OUTSIDE);
            }
        }
        return out;
    }

    /**
     * `/proc/self/root/home/u/.ssh/id_rsa` is `/home/u/.ssh/id_rsa` and `/proc/self/cwd/.env` is `.env`:
     * the process's view of the file system, one step away. Another process's cwd is unknown.
     */
    private static String throughProc(String abs, String cwd) {
        for (int k = 0; abs != null && abs.startsWith("/proc/") && k < 8; k++) {
            var root = PROC_ROOT.matcher(abs);
            var here = PROC_CWD.matcher(abs);
            if (root.matches()) {
                abs = root.group(2) == null ? "/" : root.group(2);
            } else if (here.matches()) {
                abs = cwd == null ? null : PathText.normalize(cwd + (here.group(2) == null ? "" : here.group(2)));
            } else {
                return abs;
            }
        }
        return abs;
    }

    /** True when the pattern could name a secret: tried against typical secret files in every directory it spans. */
    private boolean mayMatchSecret(String absPattern, String fixedParent) {
        if (reachesInto(absPattern, airlockSecrets)) {
            return true;
        }
        Pattern p = Glob.toRegex(absPattern, nocaseglob);
        String lastSegment = absPattern.substring(absPattern.lastIndexOf('/') + 1);
        if (!dotglob && isWholeDirGlob(lastSegment) && absPattern.indexOf('*') == absPattern.lastIndexOf('*')) {
            // `dir/*` stands for the directory (classified as such); it is no hint of a key file, unless
            // everything in that directory is one (`~/.ssh/*`, `/dev/pts/*`).
            Set<PathClass> entry = classifyAbsolute(PathText.join(fixedParent, "0"));
            return entry.contains(PathClass.SECRET);
        }
        List<String> dirs = new ArrayList<>();
        dirs.add(fixedParent);
        String base = home != null ? home : "/home/user";
        for (String d : List.of(base, base + "/.ssh", base + "/.aws", base + "/.kube", base + "/.docker", "/home/user",
                "/home/user/.ssh", "/root", "/root/.ssh")) {
            if (PathText.isUnder(d, fixedParent)) {
                dirs.add(d);
            }
        }
        for (String candidate : filled(absPattern)) {
            // `/proc/*/environ`, `/home/*/.aws/credentials`: the pattern with typical names in its gaps
            Set<PathClass> classes = classifyAbsolute(candidate);
            if (classes.contains(PathClass.SECRET) || classes.contains(PathClass.HISTORY)) {
                return true;
            }
        }
        for (String d : dirs) {
            for (String name : SECRET_SAMPLES) {
                if (name.startsWith(".") && !lastSegment.startsWith(".") && !dotglob && !Glob.hasExtglob(lastSegment)) {
                    continue; // bash's `*` and `?` do not match a leading dot (unless dotglob; extglob groups may)
                }
                String candidate = PathText.join(d, name);
                if (p.matcher(candidate).matches()) {
                    Set<PathClass> classes = classifyAbsolute(candidate);
                    if (classes.contains(PathClass.SECRET) || classes.contains(PathClass.HISTORY)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * True when the pattern can name something inside one of {@code dirs}: its first components match
     * the directory's, one by one, and it goes deeper (a star for each of `resident`, the user and the
     * namespace, then `port`, reaches the resident server's files; a star with `.jar` in `target` does not).
     * Judged by the text alone, so it holds for files made later too.
     */
    private boolean reachesInto(String absPattern, List<String> dirs) {
        String[] pattern = absPattern.substring(1).split("/");
        for (String dir : dirs) {
            String[] names = dir.substring(1).split("/");
            if (pattern.length <= names.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < names.length && matches; i++) {
                matches = pattern[i].equals("**") || Glob.toRegex(pattern[i], nocaseglob).matcher(names[i]).matches();
            }
            if (matches) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pattern with each of its first two directory gaps (`*`, `?`, `[...]` before the last `/`) filled
     * with a typical name; the last component is left to the name checks, which know about leading dots.
     */
    private static List<String> filled(String pattern) {
        int lastSlash = pattern.lastIndexOf('/');
        List<String> out = new ArrayList<>(List.of(pattern));
        for (int gap = 0; gap < 2; gap++) {
            List<String> next = new ArrayList<>();
            for (String p : out) {
                var m = GAP.matcher(p);
                int end = p.length() - (pattern.length() - lastSlash);
                if (!m.find() || m.start() >= end) {
                    next.add(p);
                    continue;
                }
                for (String filler : GAP_FILLERS) {
                    next.add(p.substring(0, m.start()) + filler + p.substring(m.end()));
                }
            }
            out = next;
        }
        out.removeIf(p -> GAP.matcher(p).find());
        return out;
    }

    private static final Pattern GAP = Pattern.compile("\\*+|\\?|\\[[^]/]*]");
    private static final List<String> GAP_FILLERS = List.of("self", "1", "user", ".ssh", ".aws", "id_rsa", ".env");

    private static boolean isWholeDirGlob(String segment) {
        return segment.matches("[*?.]*\\*[*?.]*") || segment.equals(".[!.]*") || segment.equals("..?*");
    }

    /**
     * The classes of an absolute path by its name alone (no disk: that is {@link DiskView}'s). A pure
     * function of the path and this classifier's fixed places, so its answers are kept: a batch or a
     * session names the same paths over and over, and the secret globs made this a fifth of the time.
     */
    Set<PathClass> classifyAbsolute(String abs) {
        EnumSet<PathClass> known = byName.get(abs);
        if (known == null) {
            if (byName.size() >= MAX_REMEMBERED) {
                byName.clear();
            }
            known = computeAbsolute(abs);
            byName.put(abs, known);
        }
        return EnumSet.copyOf(known);
    }

    private static final int MAX_REMEMBERED = 8192;
    private final java.util.Map<String, EnumSet<PathClass>> byName;

    private EnumSet<PathClass> computeAbsolute(String abs) {
        EnumSet<PathClass> out = EnumSet.noneOf(PathClass.class);
        if (STANDARD_STREAMS.contains(abs)) {
            out.add(PathClass.STANDARD_STREAM);
            return out;
        }
        if (abs.startsWith("/dev/tcp/") || abs.startsWith("/dev/udp/")) {
            out.add(PathClass.NET_SOCKET);
            return out;
        }
        if (abs.startsWith("/dev/fd/") || abs.startsWith("/proc/self/fd/") || (abs.startsWith("/proc/") && PROC_FD.matcher(abs).matches())) {
            out.add(PathClass.UNKNOWN);
            return out;
        }
        if (PathText.isUnder(abs, "/dev")) {
            out.add(PathClass.DEVICE);
            if (abs.equals("/dev")) {
                out.add(PathClass.SYSTEM_ROOT);
            }
            if (secrets.paths().matches(abs)) {
                out.add(PathClass.SECRET); // another terminal (`/dev/pts/3`): its keys are a person's
            }
            return out;
        }
        for (String own : airlockPaths) {
            // The directories that hold airlock's files count too (`rm -rf ~/.config` deletes the policy),
            // but not `/`, home or the workspace root, which have classes of their own.
            boolean ancestor = PathText.isUnder(own, abs) && !abs.equals("/") && !abs.equals(home)
                    && !abs.equals(workspaceRoot);
            if (PathText.isUnder(abs, own) || ancestor) {
                out.add(PathClass.AIRLOCK);
            }
        }
        if (abs.equals("/")) {
            out.add(PathClass.ROOT);
        }
        if (workspaceRoot != null && abs.equals(workspaceRoot)) {
            out.add(PathClass.WORKSPACE_ROOT);
        } else if (workspaceRoot != null && PathText.isUnder(abs, workspaceRoot)) {
            out.add(PathClass.WORKSPACE);
        }
        if (home != null && abs.equals(home)) {
            out.add(PathClass.HOME);
        } else if (home != null && PathText.isUnder(abs, home) && !out.contains(PathClass.WORKSPACE)
                && !out.contains(PathClass.WORKSPACE_ROOT)) {
            out.add(PathClass.IN_HOME);
        }
        if (PathText.isUnder(abs, "/tmp") || PathText.isUnder(abs, "/var/tmp")) {
            out.add(PathClass.TEMP);
        }
        if (SYSTEM_DIRS.contains(abs)) {
            out.add(PathClass.SYSTEM_ROOT);
            out.add(PathClass.SYSTEM);
        } else if (!out.contains(PathClass.TEMP) && !out.contains(PathClass.IN_HOME) && !out.contains(PathClass.HOME)
                && !out.contains(PathClass.WORKSPACE) && !out.contains(PathClass.WORKSPACE_ROOT) && isSystem(abs)) {
            out.add(PathClass.SYSTEM);
        }
        if (abs.endsWith("/.git")) {
            out.add(PathClass.GIT_DIR);
        }
        if (secrets.paths().matches(abs) || airlockSecrets.stream().anyMatch(dir -> PathText.isUnder(abs, dir))) {
            out.add(PathClass.SECRET);
        }
        String name = abs.substring(abs.lastIndexOf('/') + 1);
        addNameClasses(name, out);
        if (out.isEmpty()) {
            out.add(PathClass.OUTSIDE);
        }
        return out;
    }

    private void addNameClasses(String name, Set<PathClass> out) {
        if (HISTORY_NAMES.contains(name)) {
            out.add(PathClass.HISTORY);
        }
        if (STARTUP_NAMES.contains(name)) {
            out.add(PathClass.SHELL_STARTUP);
        }
        if (!secrets.notNames().matches(name) && secrets.names().matches(name)) {
            out.add(PathClass.SECRET);
        }
    }

    private static boolean isSystem(String abs) {
        int second = abs.indexOf('/', 1);
        String top = second < 0 ? abs : abs.substring(0, second);
        return SYSTEM_DIRS.contains(top) && !top.equals("/home") && !top.equals("/tmp");
    }

    /** The absolute, normalised form, or null when it cannot be known. */
    String absolute(String value, String cwd) {
        String path;
        if (value.equals("~") || value.startsWith("~/")) {
            if (home == null) {
                return null;
            }
            path = home + value.substring(1);
        } else if (value.startsWith("~")) {
            // `~name` is that user's home; on Linux almost always /home/name (or /root).
            int slash = value.indexOf('/');
            String user = slash < 0 ? value.substring(1) : value.substring(1, slash);
            if (!user.matches("[a-z_][a-z0-9_.-]*")) {
                return null;
            }
            String userHome = user.equals("root") ? "/root" : "/home/" + user;
            path = userHome + (slash < 0 ? "" : value.substring(slash));
        } else if (value.startsWith("/")) {
            path = value;
        } else {
            if (cwd == null) {
                return null;
            }
            path = cwd + "/" + value;
        }
        return PathText.normalize(path);
    }

    /** The absolute path {@code path} names, lexically normalised; null for a relative path ({@link PathText}). */
    static String normalize(String path) {
        return PathText.normalize(path);
    }
}
