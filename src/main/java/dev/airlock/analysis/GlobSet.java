package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of globs tested against one string, fast in the common shapes: exact names (`.netrc`),
 * prefixes (`id_rsa*`), suffixes (`*.pem`) and directory trees (`~/.ssh/**`) are plain string
 * checks; anything else falls back to one regular expression per glob.
 */
public final class GlobSet {
    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();
    private final List<String> trees = new ArrayList<>();
    private final List<Pattern> others = new ArrayList<>();

    public GlobSet(List<String> globs) {
        for (String g : globs) {
            String body = g.endsWith("/**") ? g.substring(0, g.length() - 3) : null;
            if (body != null && !Glob.isPattern(body)) {
                trees.add(body);
            } else if (!Glob.isPattern(g)) {
                exact.add(g);
            } else if (g.endsWith("*") && !Glob.isPattern(g.substring(0, g.length() - 1)) && !g.contains("/")) {
                prefixes.add(g.substring(0, g.length() - 1));
            } else if (g.startsWith("*") && !Glob.isPattern(g.substring(1)) && !g.contains("/")) {
                suffixes.add(g.substring(1));
            } else {
                others.add(Glob.toRegex(g));
            }
        }
    }

    public boolean matches(String s) {
        if (exact.contains(s)) {
            return true;
        }
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        for (String p : suffixes) {
            if (s.endsWith(p)) {
                return true;
            }
        }
        for (String t : trees) {
            if (s.startsWith(t) && (s.length() == t.length() || s.charAt(t.length()) == '/')) {
                return true;
            }
        }
        for (Pattern p : others) {
            if (p.matcher(s).matches()) {
                return true;
            }
        }
        return false;
    }
}
