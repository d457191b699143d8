package dev.airlock.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow repository with real git: what changed between snapshots, what is excluded, and pruning. */
class ShadowRepoTest {
    @TempDir
    Path tmp;

    @Test
    void changesBetweenSnapshotsLeaveOutBulkDirectoriesAndPruningKeepsTheNewest() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "git is not installed");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("a.txt"), "one\n");
        Files.createDirectories(ws.resolve("node_modules/x"));
        Files.writeString(ws.resolve("node_modules/x/i.js"), "bulk\n");
        ShadowRepo repo = ShadowRepo.of(tmp.resolve("state"), ws);
        List<String> snaps = new ArrayList<>();
        snaps.add(repo.snapshot("0"));
        Files.writeString(ws.resolve("a.txt"), "two\n");
        Files.writeString(ws.resolve("node_modules/x/i.js"), "changed bulk\n");
        snaps.add(repo.snapshot("1"));
        List<String[]> changes = repo.changes(snaps.get(0), snaps.get(1));
        assertEquals(1, changes.size(), "only a.txt: node_modules is excluded");
        assertEquals("a.txt", changes.get(0)[1]);
        for (int i = 2; i < 6; i++) {
            Files.writeString(ws.resolve("a.txt"), i + "\n");
            snaps.add(repo.snapshot(Integer.toString(i)));
        }
        assertEquals(0, repo.prune(4, 2), "6 snapshots are within 4 + 2");
        Files.writeString(ws.resolve("a.txt"), "six\n");
        snaps.add(repo.snapshot("6"));
        assertEquals(3, repo.prune(4, 2));
        assertFalse(repo.exists(snaps.get(0)), "the oldest is gone");
        assertTrue(repo.exists(snaps.get(6)));
        assertTrue(repo.exists(snaps.get(3)), "the newest four stay");
    }
}
