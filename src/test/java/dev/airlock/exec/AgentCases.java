package dev.airlock.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The captured shell invocations of real agent CLIs (src/test/resources/agents/cases.json, a copy of
 * ../shared/agents/cases.json kept in the repository so a clone tests on its own), with placeholders filled in.
 */
final class AgentCases {
    static final Path FILE = Run.ROOT.resolve("src/test/resources/agents/cases.json");

    record Case(String agent, String purpose, String caseName, String requested, List<String> argv) {}

    private AgentCases() {}

    static List<Case> load(Path capture, String shimDir) throws IOException {
        JsonNode all = new ObjectMapper().readTree(FILE.toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode r : all) {
            if (!r.hasNonNull("argv")) {
                continue; // the agent did not call the shim in that variant
            }
            List<String> argv = new ArrayList<>();
            r.get("argv").forEach(a -> argv.add(fill(a.asText(), capture, shimDir)));
            out.add(new Case(r.get("agent").asText(), r.get("purpose").asText(), r.path("case").asText(),
                    r.hasNonNull("requested_command") ? fill(r.get("requested_command").asText(), capture, shimDir) : null,
                    argv));
        }
        return out;
    }

    static String fill(String s, Path capture, String shimDir) {
        return s.replace("<CAPTURE>/shim", shimDir).replace("<CAPTURE>", capture.toString())
                .replace("<HOME>", capture.resolve("home").toString()).replace("<TIMESTAMP_MS>", "1764000000000")
                .replace("<RAND6>", "abc123").replace("<HEX4>", "1a2b").replace("<SESSION_UUID>", "0199aaaa")
                .replace("<TIMESTAMP_NS>", "1764000000000000000");
    }

    /** `'text'` with each `'` written `'"'"'`, as Claude Code and Codex quote the command. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** The same harness text the agent produced for {@code original}, around {@code command} instead. */
    static String rewrap(Case c, String original, String command) {
        String text = c.argv().get(c.argv().size() - 1);
        return switch (c.agent()) {
            case "claude-code" -> text.replace("eval " + quote(original), "eval " + quote(command));
            case "gemini-cli" -> text.replace("EXIT\n" + original + "\n)", "EXIT\n" + command + "\n)");
            case "codex" -> text.substring(0, text.lastIndexOf("\nexec ") + 1)
                    + text.substring(text.lastIndexOf("\nexec ") + 1).replace(quote(original), quote(command));
            default -> command;
        };
    }
}
