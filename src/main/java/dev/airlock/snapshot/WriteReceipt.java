package dev.airlock.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one command changed in its workspace, for its result record: counts, the first files with
 * their sizes, and the two snapshots `airlock diff` and `airlock undo` work from (docs/snapshots.md).
 */
public record WriteReceipt(String workspace, String before, String after, int created, int modified, int deleted,
        List<Map<String, Object>> files, List<String> excluded) {
    /** Files listed by name; the counts cover all of them. */
    static final int MAX_FILES = 20;

    static WriteReceipt of(ShadowRepo repo, String before, String after) throws java.io.IOException {
        int created = 0;
        int modified = 0;
        int deleted = 0;
        List<Map<String, Object>> files = new ArrayList<>();
        for (String[] change : repo.changes(before, after)) {
            String status = switch (change[0]) {
                case "A" -> "created";
                case "D" -> "deleted";
                default -> "modified";
            };
            if (status.equals("created")) {
                created++;
            } else if (status.equals("deleted")) {
                deleted++;
            } else {
                modified++;
            }
            if (files.size() < MAX_FILES) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("path", change[1]);
                f.put("change", status);
                f.put("bytes", repo.size(status.equals("deleted") ? before : after, change[1]));
                files.add(f);
            }
        }
        return new WriteReceipt(repo.workspace().toString(), before, after, created, modified, deleted, files,
                ShadowRepo.EXCLUDED);
    }

    /** The `writes` field of a result record. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workspace", workspace);
        m.put("snapshot_before", before);
        m.put("snapshot_after", after);
        m.put("created", created);
        m.put("modified", modified);
        m.put("deleted", deleted);
        m.put("files", files);
        m.put("excluded", excluded);
        return m;
    }
}
