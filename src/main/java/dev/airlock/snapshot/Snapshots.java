package dev.airlock.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Snapshots around a command that may write its workspace: one before it runs, one after, and the
 * receipt of what changed. A snapshot that cannot be taken never stops the command: its record
 * says why instead (`writes_unrecorded`).
 */
public final class Snapshots {
    /** Snapshots kept per workspace (two a command): `airlock undo` reaches back this many commands' worth. */
    static final int KEEP = 400;
    /** Snapshots taken beyond {@link #KEEP} before the oldest go: one clean-up per this many. */
    static final int SLACK = 100;

    private final ShadowRepo repo;
    private final String before;
    private final String failure;

    private Snapshots(ShadowRepo repo, String before, String failure) {
        this.repo = repo;
        this.before = before;
        this.failure = failure;
    }

    /** Takes the snapshot before a command runs in {@code workspace}. */
    public static Snapshots before(Path stateDir, Path workspace) {
        ShadowRepo repo = ShadowRepo.of(stateDir, workspace);
        try {
            return new Snapshots(repo, repo.snapshot("before"), null);
        } catch (IOException | RuntimeException e) {
            return new Snapshots(repo, null, e.getMessage());
        }
    }

    /** The fields the command's result record gains: `writes`, or `writes_unrecorded` with the reason. */
    public Map<String, Object> after() {
        if (before == null) {
            return Map.of("writes_unrecorded", "no snapshot before it ran: " + failure);
        }
        try {
            Map<String, Object> out = Map.of("writes", WriteReceipt.of(repo, before, repo.snapshot("after")).json());
            repo.prune(KEEP, SLACK);
            return out;
        } catch (IOException | RuntimeException e) {
            return Map.of("writes_unrecorded", "no snapshot after it ran: " + e.getMessage());
        }
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }
}
