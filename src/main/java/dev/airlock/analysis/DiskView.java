package dev.airlock.analysis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a path really leads on disk, following symlinks: the one question the analysis asks the file
 * system. {@link #LIVE} asks the kernel every time, as every guarded command needs (a command may have
 * just made the link). {@link #snapshot()} remembers answers: for `airlock check --batch`, which judges
 * a whole history against the disk as it is when the batch runs and runs none of it.
 */
public interface DiskView {
    /** The real path of {@code abs}, or of its nearest existing parent with the rest appended; null when nothing of it exists. */
    String realPath(String abs);

    DiskView LIVE = DiskView::resolve;

    /** A view that asks the kernel once per path; bounded, so a long batch does not grow it without end. */
    static DiskView snapshot() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        String none = "\0none";
        return abs -> {
            String known = seen.get(abs);
            if (known == null) {
                if (seen.size() > 100_000) {
                    seen.clear();
                }
                String real = resolve(abs);
                known = real == null ? none : real;
                seen.put(abs, known);
            }
            return known.equals(none) ? null : known;
        };
    }

    private static String resolve(String abs) {
        // java.io.File.exists answers with a boolean; Files.exists builds an exception for every missing
        // path, and most paths an agent names do not exist yet: that made classifying 8x slower.
        String existing = abs;
        String rest = "";
        for (int k = 0; k < 64 && !new java.io.File(existing).exists(); k++) {
            int slash = existing.lastIndexOf('/');
            if (slash <= 0) {
                return null; // nothing under / exists: no link to follow
            }
            rest = existing.substring(slash) + rest;
            existing = existing.substring(0, slash);
        }
        try {
            String real = java.nio.file.Path.of(existing).toRealPath().toString();
            return rest.isEmpty() ? real : (real.equals("/") ? rest : real + rest);
        } catch (java.io.IOException | RuntimeException e) {
            return null; // a dangling link or an unreadable directory: the lexical reading stands
        }
    }
}
