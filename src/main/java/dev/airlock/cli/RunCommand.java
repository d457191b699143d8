package dev.airlock.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `airlock run -- CMD...`: for a person at a terminal, like sudo: the words are joined into one
 * command (each quoted, so they mean what they meant), classified, asked about on /dev/tty when the
 * policy says so, logged and run. It is airlock-sh with AIRLOCK_APPROVAL=tty.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Classify, approve on /dev/tty and run one command, like sudo.",
        "Exit status: the command's, 126 when refused, 2 on a usage error."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            dev.airlock.approval.GuardedTree.markSelf(); // what runs is guarded: it never passes for the person's approver
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("airlock: " + e.getMessage() + "; nothing was run");
            return ExitCodes.REFUSED;
        }
        StringBuilder text = new StringBuilder();
        for (String word : command) {
            text.append(text.length() == 0 ? "" : " ").append(dev.airlock.shell.Quote.word(word));
        }
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("AIRLOCK_APPROVAL", "tty");
        return new dev.airlock.exec.Shim(env, System.err, System.getProperty("user.dir"))
                .run(List.of("-c", text.toString()));
    }
}
