package dev.airlock.cli;

import dev.airlock.approval.GuardedTree;
import dev.airlock.console.ApprovalConsole;
import dev.airlock.policy.AirlockPaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `airlock console`: the approver's terminal UI. */
@Command(name = "console", mixinStandardHelpOptions = true, description = {
        "Approve or deny agents' commands from your own terminal (one console at a time).",
        "Listens on $AIRLOCK_SOCKET, else $XDG_RUNTIME_DIR/airlock/console.sock, else the state directory.",
        "Keys: y approve, n deny, d deny with a note, j/k select, e explain, ? help, q quit."})
final class Console implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var guarded = GuardedTree.guardedAncestor(ProcessHandle.current().pid());
        if (guarded.isPresent()) {
            // An agent must not approve its own commands: the console runs in a person's own terminal only.
            spec.commandLine().getErr().println("airlock: refusing to start the console inside an airlock-guarded"
                    + " process tree (" + guarded.get() + "); start `airlock console` in your own terminal");
            return ExitCodes.REFUSED;
        }
        var env = System.getenv();
        boolean noColor = env.containsKey("NO_COLOR");
        AirlockPaths paths = AirlockPaths.from(env);
        return ApprovalConsole.run(paths.socket(), paths.userPolicy(), System.err, noColor);
    }
}
