package dev.airlock.policy;

import dev.airlock.sandbox.Profile;
import dev.airlock.shell.Pos;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The decision for a whole command text and why: one part per command that would run, each with
 * the rules that decided it. The line's decision is the strictest part.
 */
public record Verdict(Decision decision, List<Part> parts) {
    public Verdict {
        parts = List.copyOf(parts);
    }

    /** One command inside the text, where it is, and the rules that decided it. */
    public record Part(String command, Pos pos, String context, Decision decision, List<Hit> hits, List<String> hosts) {
        public Part {
            hits = List.copyOf(hits);
            hosts = List.copyOf(hosts);
        }

        public Part(String command, Pos pos, String context, Decision decision, List<Hit> hits) {
            this(command, pos, context, decision, hits, List.of());
        }
    }

    /**
     * A rule that matched, with the layer it came from; {@code words} and {@code pos}, when not null,
     * are the words the rule is about when they are not the whole command (a redirection: `> f.txt`);
     * {@code sandbox} is the rule's profile ({@link Rule#sandbox}).
     */
    public record Hit(String rule, Decision decision, String reason, String layer, Pos pos, String words,
            Profile sandbox) {
        public Hit(String rule, Decision decision, String reason, String layer) {
            this(rule, decision, reason, layer, null, null, null);
        }

        public Hit(String rule, Decision decision, String reason, String layer, Pos pos, String words) {
            this(rule, decision, reason, layer, pos, words, null);
        }

        public Hit(String rule, Decision decision, String reason, String layer, Profile sandbox) {
            this(rule, decision, reason, layer, null, null, sandbox);
        }

        /** Where the reason points: these words, else the part's command. */
        String about(Part p) {
            return words != null ? " (" + pos + " `" + shorten(words) + "`)"
                    : p.command().isEmpty() ? "" : " (" + p.pos() + " `" + shorten(p.command()) + "`)";
        }
    }

    /** The ids of the rules behind the line's decision. */
    public List<String> rules() {
        Set<String> out = new LinkedHashSet<>();
        for (Part p : deciding()) {
            for (Hit h : p.hits()) {
                if (h.decision() == p.decision()) {
                    out.add(h.rule());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The reasons behind the line's decision, each naming the command it is about. */
    public List<String> reasons() {
        Set<String> out = new LinkedHashSet<>();
        for (Part p : deciding()) {
            for (Hit h : p.hits()) {
                if (h.decision() == p.decision()) {
                    out.add(h.reason() + h.about(p));
                }
            }
        }
        return new ArrayList<>(out);
    }

    private List<Part> deciding() {
        return parts.stream().filter(p -> p.decision() == decision).toList();
    }

    static String shorten(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
