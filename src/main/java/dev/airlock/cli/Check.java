package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.sandbox.Bubblewrap;
import dev.airlock.sandbox.Placement;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import dev.airlock.policy.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `airlock check`: classify without running, and explain the decision. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify a command without running it and explain the decision.",
                "Exit status: 0 allow, 1 ask, 3 deny, 2 usage error."})
final class Check implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--batch", description = "Read JSON lines {\"command\": ..., \"cwd\"?: ...} from stdin; "
            + "write one JSON line per input, in order.")
    boolean batch;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Use only this policy file (default: built-in, then user, then project policy).")
    Path policy;

    @Option(names = "--cwd", paramLabel = "DIR", description = "Directory the command would run in (default: current).")
    String cwd;

    @Option(names = "--agent", paramLabel = "NAME", description = "Read COMMAND as the text this agent's shell gets "
            + "(claude-code, codex, gemini, opencode) and judge the command inside its wrapping, as airlock-sh does "
            + "(default: recognise any agent's wrapping).")
    String agent;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command text, as one argument.")
    String command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = System.getenv();
        String dir = cwd != null ? cwd : System.getProperty("user.dir");
        if (agent != null && !HarnessText.AGENTS.contains(agent)) {
            return usage("unknown agent '" + agent + "'; expected one of " + String.join(", ", HarnessText.AGENTS));
        }
        if (batch) {
            if (command != null) {
                return usage("--batch reads commands from stdin; give no COMMAND");
            }
            return new BatchCheck(this::classifier, dir, agent).run(System.in, System.out);
        }
        if (command == null || command.isBlank()) {
            return usage("check needs a COMMAND (or --batch)" + (command == null ? "" : "; the one given is blank"));
        }
        Classifier classifier;
        try {
            classifier = classifier(dir);
        } catch (PolicyException e) {
            spec.commandLine().getErr().println("airlock: policy: " + e.getMessage());
            if (json) {
                out.println(errorJson(command, "policy: " + e.getMessage()));
            } else {
                out.println("deny: the policy cannot be loaded, so nothing is allowed");
            }
            return Decision.DENY.checkExitCode();
        }
        HarnessText.Judged judged = HarnessText.of(command, agent);
        Verdict v = judged.classify(classifier, dir);
        Placement placement = new Sandbox(Bubblewrap.detect(env), env, AirlockPaths.from(env), classifier.layers(),
                judged.execsShell()).place(v, dir);
        if (json) {
            ObjectNode o = judged.json(v);
            o.put("sandbox", placement.sandbox());
            o.put("confined_instead_of_asking", placement.confinedInsteadOfAsking());
            out.println(JSON.writeValueAsString(o));
        } else {
            out.print(judged.note() + Explain.text(judged.command(), v));
            out.println(Explain.where(placement));
        }
        out.flush();
        return v.decision().checkExitCode();
    }

    /** A usage error as every command prints one: what was wrong, then where help is. */
    private int usage(String message) {
        spec.commandLine().getErr().println("airlock: " + message);
        spec.commandLine().getErr().println("airlock: try '" + spec.qualifiedName() + " --help'");
        return ExitCodes.USAGE;
    }

    private final Map<String, Classifier> cache = new HashMap<>();
    /** A batch judges a history against the disk as it is now and runs none of it: each path is followed once. */
    private final dev.airlock.analysis.DiskView disk = dev.airlock.analysis.DiskView.snapshot();

    /** Synchronized: `check --batch` asks from several threads at once. */
    synchronized Classifier classifier(String dir) throws PolicyException {
        Map<String, String> env = System.getenv();
        AirlockPaths paths = AirlockPaths.from(env);
        String key = policy != null ? "--policy" : String.valueOf(dir);
        Classifier c = cache.get(key);
        if (c == null) {
            Layers layers = policy != null ? PolicySource.only(policy) : PolicySource.layers(paths, dir);
            c = new Classifier(layers, env, paths, batch ? disk : dev.airlock.analysis.DiskView.LIVE);
            cache.put(key, c);
        }
        return c;
    }

    static ObjectNode toJson(String command, Verdict v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("command", command);
        o.put("decision", v.decision().json());
        ArrayNode reasons = o.putArray("reasons");
        v.reasons().forEach(reasons::add);
        ArrayNode rules = o.putArray("rules");
        v.rules().forEach(rules::add);
        ArrayNode parts = o.putArray("parts");
        for (Verdict.Part p : v.parts()) {
            ObjectNode po = parts.addObject();
            po.put("command", p.command());
            po.put("position", p.pos().toString());
            if (!p.context().isEmpty()) {
                po.put("context", p.context());
            }
            po.put("decision", p.decision().json());
            if (!p.hosts().isEmpty()) {
                ArrayNode hosts = po.putArray("hosts");
                p.hosts().forEach(hosts::add);
            }
            ArrayNode hits = po.putArray("rules");
            for (Verdict.Hit h : p.hits()) {
                ObjectNode ho = hits.addObject();
                ho.put("id", h.rule());
                ho.put("decision", h.decision().json());
                ho.put("reason", h.reason());
                ho.put("layer", h.layer());
            }
        }
        return o;
    }

    static String errorJson(String command, String error) {
        ObjectNode o = JSON.createObjectNode();
        if (command == null) {
            o.putNull("command");
        } else {
            o.put("command", command);
        }
        o.put("decision", "deny");
        o.putArray("reasons").add(error);
        o.putArray("rules").add("input.error");
        o.put("error", error);
        return o.toString();
    }
}
