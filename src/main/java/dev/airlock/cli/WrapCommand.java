package dev.airlock.cli;

import dev.airlock.integrations.Agent;
import dev.airlock.integrations.ConfigException;
import dev.airlock.integrations.Install;
import dev.airlock.integrations.Wrap;
import dev.airlock.integrations.WrapPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `airlock wrap AGENT [ARGS...]`: works out the guarded start and hands it to bin/airlock, which
 * execs it (AIRLOCK_WRAP_PLAN names the file for the plan). Everything after AGENT is the agent's.
 */
@Command(name = "wrap", mixinStandardHelpOptions = true, description = {
        "Start an agent with its shell guarded by airlock-sh, for this run only; nothing is written to its settings.",
        "AGENT: claude-code, codex, gemini, opencode; ARGS go to the agent unchanged.",
        "Exit status: the agent's; 126 when it could not be started guarded (nothing was run), 2 usage error."})
final class WrapCommand implements Callable<Integer> {
    static final String PLAN_VARIABLE = "AIRLOCK_WRAP_PLAN";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AGENT", description = "claude-code, codex, gemini or opencode.")
    String agent;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the agent.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Agent> which = Agent.byId(agent);
        if (which.isEmpty()) {
            err.println("airlock: unknown agent '" + agent + "'; known: " + Agent.ids());
            return ExitCodes.USAGE;
        }
        String planFile = System.getenv(PLAN_VARIABLE);
        Optional<Install> install = Install.current();
        if (planFile == null || planFile.isEmpty() || install.isEmpty()) {
            err.println("airlock: run `airlock wrap` through bin/airlock, which starts the agent; nothing was run.");
            return ExitCodes.REFUSED;
        }
        Optional<String> problem = install.get().problem();
        if (problem.isPresent()) {
            err.println("airlock: " + problem.get() + "; nothing was run.");
            return ExitCodes.REFUSED;
        }
        try {
            WrapPlan plan = new Wrap(install.get(), System.getenv(), err).plan(which.get(), args);
            Files.write(Path.of(planFile), plan.encode());
            return 0;
        } catch (ConfigException e) {
            err.println("airlock: " + e.getMessage());
            err.println("airlock: " + which.get().title() + " was not started.");
            return ExitCodes.REFUSED;
        } catch (IOException e) {
            err.println("airlock: cannot write the start plan " + planFile + ": " + e.getMessage() + "; nothing was run.");
            return ExitCodes.REFUSED;
        }
    }
}
