package dev.airlock.policy;

import dev.airlock.analysis.Analysis;
import dev.airlock.analysis.Invocation;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Pos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides an analysed command text against layered policies. For each command: rules about the
 * program (the user layer replaces the built-in answer, except a built-in deny), plus rules about
 * effects (redirections, paths, data flow; they add up), plus the project layer (it only tightens).
 */
public final class Evaluator {
    private final Layers layers;

    public Evaluator(Layers layers) {
        this.layers = layers;
    }

    public Layers layers() {
        return layers;
    }

    public Verdict evaluate(Analysis analysis) {
        if (analysis.error().isPresent()) {
            ParseError e = analysis.error().get();
            String what = e.incomplete() ? "the command is incomplete" : "the command does not parse";
            return single(e.pos(), "parse.error", what + ": " + e.getMessage()
                    + "; airlock runs only what it can read");
        }
        if (analysis.limit().isPresent()) {
            return single(Pos.NONE, "parse.limit", analysis.limit().get() + "; airlock runs only what it can read");
        }
        MatchContext ctx = new MatchContext(analysis, layers);
        List<Verdict.Part> parts = new ArrayList<>();
        Decision overall = Decision.ALLOW;
        for (Invocation inv : analysis.invocations()) {
            Verdict.Part part;
            try {
                part = decide(inv, ctx);
            } catch (BoundedMatch.TooComplex e) {
                part = new Verdict.Part(inv.display(), inv.pos(), "", Decision.DENY, List.of(new Verdict.Hit("policy.limit",
                        Decision.DENY, "an argument is too long or intricate for the policy's patterns to check in time;"
                        + " airlock runs only what it can read", Layers.BUILTIN)), inv.hosts());
            }
            parts.add(part);
            overall = Decision.strictest(overall, part.decision());
        }
        return new Verdict(overall, parts);
    }

    private Verdict single(Pos pos, String rule, String reason) {
        return new Verdict(Decision.DENY, List.of(new Verdict.Part("", pos, "", Decision.DENY,
                List.of(new Verdict.Hit(rule, Decision.DENY, reason, "builtin")))));
    }

    private Verdict.Part decide(Invocation inv, MatchContext ctx) {
        Map<String, List<Verdict.Hit>> programHits = new HashMap<>();
        List<Verdict.Hit> effectHits = new ArrayList<>();
        List<Verdict.Hit> projectHits = new ArrayList<>();
        for (Rule r : layers.candidates(inv.program())) {
            if (!r.match().matches(inv, ctx)) {
                continue;
            }
            Verdict.Hit hit = r.match().redirectBehind(inv)
                    .map(x -> new Verdict.Hit(r.id(), r.decision(), r.reason(), r.layer(), x.pos(), x.words(), r.sandbox()))
                    .orElseGet(() -> new Verdict.Hit(r.id(), r.decision(), r.reason(), r.layer(), null, null, r.sandbox()));
            if (r.layer().equals(Layers.PROJECT)) {
                projectHits.add(hit);
            } else if (r.aboutProgram()) {
                programHits.computeIfAbsent(r.layer(), x -> new ArrayList<>()).add(hit);
            } else {
                effectHits.add(hit);
            }
        }
        List<Verdict.Hit> builtin = programHits.getOrDefault(Layers.BUILTIN, List.of());
        List<Verdict.Hit> user = programHits.getOrDefault(Layers.USER, List.of());
        List<Verdict.Hit> programDecision;
        if (strictest(builtin) == Decision.DENY) {
            programDecision = builtin;
        } else if (!user.isEmpty()) {
            programDecision = user;
        } else if (!builtin.isEmpty()) {
            programDecision = builtin;
        } else {
            programDecision = List.of(unknown(inv, layers.unknownSandbox()));
        }
        List<Verdict.Hit> all = new ArrayList<>(programDecision);
        all.addAll(effectHits);
        all.addAll(projectHits);
        Decision d = Decision.strictest(strictest(programDecision),
                Decision.strictest(strictest(effectHits), strictest(projectHits)));
        return new Verdict.Part(inv.display(), inv.pos(), context(inv), d, dedupe(all), inv.hosts());
    }

    private static List<Verdict.Hit> dedupe(List<Verdict.Hit> hits) {
        Set<String> seen = new HashSet<>();
        List<Verdict.Hit> out = new ArrayList<>();
        for (Verdict.Hit h : hits) {
            if (seen.add(h.rule())) {
                out.add(h);
            }
        }
        return out;
    }

    private static String context(Invocation inv) {
        StringBuilder sb = new StringBuilder();
        if (!inv.wrappers().isEmpty()) {
            sb.append("run by ").append(String.join(" > ", inv.wrappers()));
        }
        if (inv.origin() != Invocation.Origin.TOP) {
            sb.append(sb.length() > 0 ? ", " : "").append("from ").append(inv.origin().name().toLowerCase().replace('_', ' '));
        }
        return sb.toString();
    }

    private static Verdict.Hit unknown(Invocation inv, dev.airlock.sandbox.Profile sandbox) {
        String name = inv.program() == null ? "this command" : "`" + inv.program() + "`";
        return new Verdict.Hit("default.unknown", Decision.ASK,
                "no rule says " + name + " is read-only, so a person must approve it", Layers.BUILTIN, sandbox);
    }

    private static Decision strictest(List<Verdict.Hit> hits) {
        Decision d = null;
        for (Verdict.Hit h : hits) {
            d = Decision.strictest(d, h.decision());
        }
        return d;
    }
}
