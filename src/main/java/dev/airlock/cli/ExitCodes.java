package dev.airlock.cli;

import picocli.CommandLine;

/** The one place where exceptions and parse failures become exit codes and `airlock:` lines. */
final class ExitCodes {
    static final int ALLOW = 0;
    static final int ASK = 1;
    static final int USAGE = 2;
    static final int DENY = 3;
    static final int REFUSED = 126;

    private ExitCodes() {}

    static CommandLine commandLine(Object root) {
        CommandLine cl = new CommandLine(root);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("airlock: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                ex.getCommandLine().getErr().println("airlock: did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
            }
            ex.getCommandLine().getErr().println("airlock: try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("airlock: internal error: " + ex);
            // `check` must never look like allow or ask when it failed: it answers deny. A failed
            // `hook` exits 2, which the agent reads as "block this tool call" (1 would let it run).
            String name = commandLine.getCommandName();
            return name.equals("check") ? DENY : name.equals("hook") ? USAGE : 1;
        });
        return cl;
    }
}
