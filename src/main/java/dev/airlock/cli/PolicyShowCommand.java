package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Layers;
import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import dev.airlock.policy.Rule;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `airlock policy show`: the merged effective policy, each rule with the file and line it came from. */
@Command(name = "show", mixinStandardHelpOptions = true, description = {"Print the effective policy here: every rule with its decision, layer and origin.",
        "Exit status: 0, or 1 when a policy file is broken."})
final class PolicyShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per rule.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Layers layers;
        try {
            layers = PolicySource.layersWithExamples(AirlockPaths.from(System.getenv()), System.getProperty("user.dir"));
        } catch (PolicyException e) {
            spec.commandLine().getErr().println("airlock: policy: " + e.getMessage());
            return 1;
        }
        if (!json) {
            for (Policy p : layers.policies()) {
                out.println("# " + p.layer() + ": " + p.source() + " (" + p.rules().size() + " rules)");
            }
        }
        for (Rule r : layers.rules()) {
            if (json) {
                ObjectNode o = Check.JSON.createObjectNode();
                o.put("id", r.id());
                o.put("decision", r.decision().json());
                o.put("reason", r.reason());
                o.put("layer", r.layer());
                o.put("origin", r.origin());
                ArrayNode ex = o.putArray("examples");
                r.examplesMatch().forEach(ex::add);
                out.println(o);
            } else {
                out.printf("%-5s %-34s %-8s %s  (%s)%n", r.decision().json(), r.id(), r.layer(), r.reason(), r.origin());
            }
        }
        out.flush();
        return 0;
    }
}
