package dev.airlock.cli;

import picocli.CommandLine.Command;

/** `airlock policy`: check and show policy files. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Check and show policy files.",
        subcommands = {PolicyTestCommand.class, PolicyLintCommand.class, PolicyShowCommand.class})
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
