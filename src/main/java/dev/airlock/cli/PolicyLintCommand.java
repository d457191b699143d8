package dev.airlock.cli;

import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyChecker;
import dev.airlock.policy.Rule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `airlock policy lint [FILE]`: load a policy, run its examples, and point at rules that prove nothing. */
@Command(name = "lint", mixinStandardHelpOptions = true, description = {"Check a policy: it loads, its examples pass, and every rule has examples.",
        "Exit status: 0 clean, 1 errors or warnings, 2 usage error."})
final class PolicyLintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Policy file to lint (default: the policies in effect).")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PolicyFiles.Selection sel = PolicyFiles.selectOrReport(file, spec.commandLine().getErr());
        if (sel == null) {
            return 1;
        }
        int problems = 0;
        for (Policy p : sel.layers().policies()) {
            if (sel.target() != null && p != sel.target()) {
                continue;
            }
            for (Rule r : p.rules()) {
                if (r.examplesMatch().isEmpty()) {
                    out.println("WARN " + r.origin() + ": rule '" + r.id() + "' has no examples that must match it");
                    problems++;
                }
            }
        }
        PolicyChecker.Report report = new PolicyChecker(sel.layers()).check(sel.target());
        for (PolicyChecker.Failure f : report.failures()) {
            out.println("FAIL " + f);
            problems++;
        }
        out.println(problems == 0 ? "clean" : problems + " problem" + (problems == 1 ? "" : "s"));
        out.flush();
        return problems == 0 ? 0 : 1;
    }
}
