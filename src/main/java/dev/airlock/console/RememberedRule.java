package dev.airlock.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approval.Protocol;
import dev.airlock.shell.Command;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Script;
import dev.airlock.shell.Word;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "Approve always": the narrowest rule that allows the same command again, the exact argv in the
 * same directory tree, and its atomic addition to the user policy. Offered only for one plain
 * command whose words are all static; anything else has no rule this narrow.
 */
final class RememberedRule {
    static final String ID_PREFIX = "remembered.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final String program;
    final List<String> argv;
    final String directory;
    final Protocol.Request request;

    private RememberedRule(String program, List<String> argv, String directory, Protocol.Request request) {
        this.program = program;
        this.argv = argv;
        this.directory = directory;
        this.request = request;
    }

    /** The rule for this request, or empty when the command is not one plain, static command. */
    static Optional<RememberedRule> propose(Protocol.Request request) {
        Script script;
        try {
            script = Parser.parse(request.command());
        } catch (ParseError e) {
            return Optional.empty();
        }
        if (script.stmts().size() != 1 || !script.stmts().get(0).redirects().isEmpty()
                || script.stmts().get(0).background() || script.stmts().get(0).negated()
                || !(script.stmts().get(0).command() instanceof Command.Simple simple)
                || !simple.assigns().isEmpty() || simple.words().isEmpty()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        for (Word w : simple.words()) {
            if (w.literal().isEmpty() || w.hasGlob() || w.hasBraces()) {
                return Optional.empty();
            }
            words.add(w.literal().get());
        }
        String first = words.get(0);
        if (first.contains("/") && !first.startsWith("/")) {
            return Optional.empty(); // a program from a relative path is not the same program elsewhere
        }
        String program = first.substring(first.lastIndexOf('/') + 1);
        return Optional.of(new RememberedRule(program, List.copyOf(words.subList(1, words.size())), request.cwd(), request));
    }

    /** The rule as the person reads it before saving. */
    String describe() {
        return "allow `" + String.join(" ", prepend(program, argv)) + "` (exactly these words) in " + directory + " and below";
    }

    /** Adds the rule to the user policy file: read, append, write a temporary file, rename over. */
    void save(Path policy) throws IOException {
        ObjectNode root;
        if (Files.exists(policy)) {
            JsonNode existing = JSON.readTree(policy.toFile());
            if (existing == null || !existing.isObject()) {
                throw new IOException(policy + " is not a JSON object; fix it before adding rules");
            }
            root = (ObjectNode) existing;
        } else {
            Files.createDirectories(policy.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            root = JSON.createObjectNode();
        }
        JsonNode rulesNode = root.get("rules");
        ArrayNode rules = rulesNode instanceof ArrayNode a ? a : root.putArray("rules");
        ObjectNode rule = rules.addObject();
        String when = Instant.now().toString();
        rule.put("id", ID_PREFIX + when.replaceAll("[^0-9]", "") + "." + rules.size());
        rule.put("decision", "allow");
        // Approved as proposed, it ran unconfined: an allow rule without a profile would run read-only.
        rule.put("sandbox", "none");
        rule.put("reason", "approved always by a person at the console");
        ObjectNode match = rule.putObject("match");
        match.put("program", program);
        ArrayNode args = match.putArray("argv");
        argv.forEach(args::add);
        match.put("cwd_under", directory);
        rule.put("added", when);
        rule.put("note", "from request " + request.id() + " (" + request.agent() + "): " + request.command());
        Path tmp = Files.createTempFile(policy.getParent(), ".policy", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
