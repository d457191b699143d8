package dev.airlock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the `airlock` command: wires the subcommands and maps failures to exit codes. */
@Command(name = "airlock", mixinStandardHelpOptions = true, version = "airlock 0.1.0",
        description = "Human-in-the-loop approval proxy for the shell of AI coding agents.",
        subcommands = {Check.class, PolicyCommand.class, Audit.class, Console.class, RunCommand.class, SessionCommand.class,
                ShimPath.class, SetupCommand.class, WrapCommand.class, HookCommand.class, DoctorCommand.class,
                DiffCommand.class, UndoCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code instead of exiting, for tests. */
    public static int run(String... args) {
        picocli.CommandLine cl = ExitCodes.commandLine(new Main());
        // Everything after `wrap AGENT` belongs to the agent, options included.
        cl.getSubcommands().get("wrap").setStopAtPositional(true);
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return ExitCodes.USAGE;
    }
}
