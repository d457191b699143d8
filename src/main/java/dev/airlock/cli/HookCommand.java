package dev.airlock.cli;

import dev.airlock.integrations.ClaudeHook;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `airlock hook claude-code`: the PreToolUse hook setup installs with --hook. */
@Command(name = "hook", mixinStandardHelpOptions = true, description = {
        "Answer an agent's pre-tool hook: classify the command in its JSON on stdin and print the hook's answer.",
        "The decision is logged. AGENT: claude-code (PreToolUse, Bash tool).",
        "Exit status: 0 answered (or not a Bash call: no output), 2 blocked because the input could not be judged."})
final class HookCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "AGENT", description = "The agent whose hook protocol to speak: claude-code.")
    String agent;

    @Override
    public Integer call() {
        if (!agent.equals("claude-code")) {
            spec.commandLine().getErr().println("airlock: no hook for '" + agent + "'; airlock speaks Claude Code's (claude-code)");
            // Exit 2: an agent that did call this hook reads it as "block", which is the safe reading.
            return ExitCodes.USAGE;
        }
        ClaudeHook.Answer a = new ClaudeHook(System.getenv(), System.getProperty("user.dir")).answer(System.in);
        PrintStream out = System.out;
        out.print(a.stdout());
        out.flush();
        System.err.print(a.stderr());
        System.err.flush();
        return a.exit();
    }
}
