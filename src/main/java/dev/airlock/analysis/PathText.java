package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.List;

/** Lexical arithmetic on absolute paths: no file system is asked, so links are not followed here. */
final class PathText {
    private PathText() {}

    /** {@code path} without empty, `.` and `..` segments; null when it is not absolute. */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        if (isNormal(path)) {
            return path;
        }
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(s);
        }
        return "/" + String.join("/", parts);
    }

    /**
     * True when {@code path} has no empty, `.` or `..` segment and no trailing slash, so normalising
     * would return it unchanged. A dot file (`/home/dev/.ssh`) is normal; this runs for every path.
     */
    private static boolean isNormal(String path) {
        int n = path.length();
        for (int i = 0; i < n; i++) {
            if (path.charAt(i) != '/') {
                continue;
            }
            if (i + 1 == n) {
                return n == 1;
            }
            char c = path.charAt(i + 1);
            if (c == '/') {
                return false;
            }
            if (c == '.') {
                int k = i + 2;
                if (k == n || path.charAt(k) == '/') {
                    return false;
                }
                if (path.charAt(k) == '.' && (k + 1 == n || path.charAt(k + 1) == '/')) {
                    return false;
                }
            }
        }
        return true;
    }

    static String join(String dir, String child) {
        return dir.endsWith("/") ? dir + child : dir + "/" + child;
    }

    /** True when {@code path} is {@code dir} or inside it. */
    static boolean isUnder(String path, String dir) {
        if (dir.equals("/")) {
            return true;
        }
        return path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
    }
}
