package dev.airlock.cli;

import dev.airlock.policy.PolicyChecker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `airlock policy test [FILE]`: run a policy's embedded examples and tests. */
@Command(name = "test", mixinStandardHelpOptions = true, description = {"Run the examples and tests embedded in a policy.",
        "FILE is read as a user policy over the built-in one (a project policy if under .airlock/;",
        "default.json or strict.json alone). Without FILE: every policy in effect here.",
        "Exit status: 0 all pass, 1 failures or a broken policy, 2 usage error."})
final class PolicyTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Policy file to test (default: the policies in effect).")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PolicyFiles.Selection sel = PolicyFiles.selectOrReport(file, spec.commandLine().getErr());
        if (sel == null) {
            return 1;
        }
        PolicyChecker.Report report = new PolicyChecker(sel.layers()).check(sel.target());
        for (PolicyChecker.Failure f : report.failures()) {
            out.println("FAIL " + f);
        }
        out.println(report.examples() - report.failures().size() + " passed, " + report.failures().size() + " failed");
        out.flush();
        return report.passed() ? 0 : 1;
    }
}
