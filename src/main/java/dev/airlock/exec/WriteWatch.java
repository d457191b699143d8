package dev.airlock.exec;

import dev.airlock.policy.AirlockPaths;
import dev.airlock.sandbox.Confinement;
import dev.airlock.sandbox.Profile;
import dev.airlock.snapshot.Snapshots;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Which commands get snapshots around them (docs/snapshots.md): those that may write the workspace,
 * that is, one a person approved or remembered, or one confined to the workspace. What runs read-only,
 * or unconfined only because the policy allowed it without a sandbox, is not snapshotted: the policy
 * already judged that it writes nothing.
 */
final class WriteWatch {
    private WriteWatch() {}

    /** Approvers that let a command write: a person now, or a person earlier (a remembered rule, a receipt). */
    private static final Set<String> BY_POLICY = Set.of("policy", "sandbox");

    static Optional<Snapshots> before(CommandGate.Admission admission, String cwd, AirlockPaths paths) {
        Profile profile = admission.placement().profile();
        boolean mayWrite = profile == Profile.WORKSPACE
                || (profile == Profile.NONE && !BY_POLICY.contains(admission.approver()));
        if (!mayWrite || cwd == null) {
            return Optional.empty();
        }
        Path workspace = Confinement.workspace(cwd).toAbsolutePath().normalize();
        if (workspace.getParent() == null || workspace.equals(paths.home().toAbsolutePath().normalize())) {
            return Optional.empty(); // the whole home or the root: no snapshot could be bounded
        }
        return Optional.of(Snapshots.before(paths.stateDir(), workspace));
    }
}
