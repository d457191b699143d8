package dev.airlock.cli;

import dev.airlock.integrations.Agent;
import dev.airlock.integrations.ConfigException;
import dev.airlock.integrations.Guards;
import dev.airlock.integrations.Install;
import dev.airlock.integrations.Setup;
import dev.airlock.integrations.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `airlock setup AGENT [--apply|--undo]` and `airlock setup --status`. */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Guard an agent's shell with airlock-sh. Without --apply, print the change (file, key, old -> new) and change nothing.",
        "AGENT: claude-code, codex, gemini, opencode.",
        "Exit status: 0 done (or nothing to do), 1 a file could not be changed (nothing was), 2 usage error."})
final class SetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "AGENT", description = "claude-code, codex, gemini or opencode.")
    String agent;

    @Option(names = "--apply", description = "Make the change: a backup beside the file, then an atomic replace.")
    boolean apply;

    @Option(names = "--undo", description = "Take airlock's change out again (the backup comes back if the file is untouched).")
    boolean undo;

    @Option(names = "--hook", description = "claude-code: also install the PreToolUse hook (airlock hook claude-code).")
    boolean hook;

    @Option(names = "--rc", paramLabel = "FILE", description = "codex, gemini: the shell rc file for the function "
            + "(default: ~/.bashrc or ~/.zshrc, after $SHELL).")
    Path rc;

    @Option(names = "--status", description = "For each agent: found on PATH, version, guarded or not and how.")
    boolean status;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Install> install = Install.current();
        if (install.isEmpty()) {
            err.println("airlock: the installation directory is unknown; run airlock through bin/airlock");
            return 1;
        }
        if (status) {
            if (agent != null || apply || undo || hook) {
                return usage(err, "--status takes no AGENT and no other option");
            }
            new Status(install.get(), System.getenv(), rc).print(out);
            out.flush();
            return 0;
        }
        if (agent == null) {
            return usage(err, "name an AGENT (" + Agent.ids() + "), or give --status");
        }
        Optional<Agent> which = Agent.byId(agent);
        if (which.isEmpty()) {
            return usage(err, "unknown agent '" + agent + "'; known: " + Agent.ids());
        }
        if (apply && undo) {
            return usage(err, "--apply and --undo exclude each other");
        }
        if (hook && which.get() != Agent.CLAUDE_CODE) {
            return usage(err, "--hook is for claude-code only");
        }
        Guards guards = new Guards(install.get(), System.getenv(), rc);
        Setup setup = new Setup(out);
        try {
            if (undo) {
                setup.undo(guards.undo(which.get()), guards.applied(which.get()));
            } else if (apply) {
                Optional<String> problem = install.get().problem();
                if (problem.isPresent()) {
                    // Pointing an agent at a shim that cannot start would leave it with no shell at all.
                    err.println("airlock: " + problem.get() + "; nothing was changed");
                    return 1;
                }
                setup.apply(guards.setup(which.get(), hook));
            } else {
                setup.show(guards.setup(which.get(), hook));
            }
        } catch (ConfigException e) {
            out.flush();
            err.println("airlock: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }

    private int usage(PrintWriter err, String message) {
        err.println("airlock: " + message);
        err.println("airlock: try 'airlock setup --help'");
        return ExitCodes.USAGE;
    }
}
