package dev.airlock.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditRecord;
import dev.airlock.exec.Refusal;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import dev.airlock.policy.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `airlock hook claude-code`: Claude Code's PreToolUse hook for its Bash tool. Claude Code writes
 * the tool call as JSON on stdin; the answer is its documented hook output on stdout
 * ({@code hookSpecificOutput.permissionDecision} allow, ask or deny, with a reason) and exit 0.
 * Input airlock cannot judge is blocked with exit 2 and the reason on stderr, which Claude Code
 * documents as a blocking error whatever stdout holds. Other tools get no opinion: exit 0, no output.
 */
public final class ClaudeHook {
    /** Exit status Claude Code reads as "block this tool call, stderr says why". */
    public static final int BLOCK = 2;
    /** The most stdin airlock reads; a Bash command with a large here-document stays well below. */
    static final int MAX_INPUT = 4 << 20;

    /** What the hook prints and how it exits. */
    public record Answer(int exit, String stdout, String stderr) {}

    private final Map<String, String> env;
    private final String processCwd;

    public ClaudeHook(Map<String, String> env, String processCwd) {
        this.env = Map.copyOf(env);
        this.processCwd = processCwd;
    }

    public Answer answer(InputStream in) {
        JsonNode input;
        try {
            byte[] bytes = in.readNBytes(MAX_INPUT + 1);
            if (bytes.length > MAX_INPUT) {
                return block("the hook input is larger than " + MAX_INPUT + " bytes");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            input = JsonText.STRICT.readTree(text);
        } catch (CharacterCodingException e) {
            return block("the hook input is not UTF-8");
        } catch (JsonProcessingException e) {
            return block("the hook input is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return block("cannot read the hook input: " + e.getMessage());
        }
        if (!(input instanceof ObjectNode)) {
            return block("the hook input is not a JSON object");
        }
        JsonNode event = input.get("hook_event_name");
        if (event != null && !"PreToolUse".equals(event.asText(null))) {
            return block("`airlock hook claude-code` answers PreToolUse only, not " + event);
        }
        JsonNode tool = input.get("tool_name");
        if (tool == null || !tool.isTextual()) {
            return block("the hook input has no \"tool_name\" string");
        }
        if (!tool.asText().equals("Bash")) {
            return new Answer(0, "", "");
        }
        JsonNode toolInput = input.get("tool_input");
        JsonNode command = toolInput == null ? null : toolInput.get("command");
        if (command == null || !command.isTextual()) {
            return block("the Bash tool call has no \"tool_input.command\" string");
        }
        String cwd = processCwd;
        JsonNode dir = input.get("cwd");
        if (dir != null) {
            if (!dir.isTextual() || !Path.of(dir.asText()).isAbsolute()) {
                return block("\"cwd\" is not an absolute path: " + dir);
            }
            cwd = dir.asText();
        }
        return decide(command.asText(), cwd, input);
    }

    private Answer decide(String command, String cwd, JsonNode input) {
        if (command.isBlank()) {
            return block("refused an empty command");
        }
        AirlockPaths paths = AirlockPaths.from(env);
        Layers layers;
        try {
            layers = PolicySource.layers(paths, Files.isDirectory(Path.of(cwd)) ? cwd : processCwd);
        } catch (PolicyException e) {
            return block("policy: " + e.getMessage());
        }
        Verdict verdict = new Classifier(layers, env, paths).classify(command, cwd).verdict();
        Decision decision = verdict.decision();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("agent", Agent.CLAUDE_CODE.id());
        extra.put("hook", "PreToolUse");
        // Nothing runs here: Claude Code acts on the answer, and airlock-sh judges the command again if it runs.
        extra.put("outcome", "answered");
        text(input, "tool_use_id").ifPresent(s -> extra.put("tool_use_id", s));
        try (AuditLog log = AuditLog.open(AuditLog.defaultPath(env))) {
            log.append(AuditRecord.decision(session(input), ProcessHandle.current().pid(), cwd, command,
                    decision.json(), verdict.rules(), verdict.reasons(), "policy", extra));
        } catch (AuditException e) {
            return block("cannot write the audit log: " + e.getMessage());
        }
        return new Answer(0, output(decision, reason(command, verdict)), "");
    }

    private static String reason(String command, Verdict verdict) {
        if (verdict.decision() == Decision.DENY) {
            return String.join("\n", Refusal.lines(command, verdict, "this command is never run through airlock."));
        }
        String head = verdict.decision() == Decision.ASK ? "airlock: needs a person's approval: " : "airlock: allowed: ";
        StringBuilder sb = new StringBuilder(head);
        List<String> rules = verdict.rules();
        List<String> reasons = verdict.reasons();
        for (int k = 0; k < reasons.size(); k++) {
            sb.append(k == 0 ? "" : "; ").append(reasons.get(k));
            if (k < rules.size()) {
                sb.append(" [").append(rules.get(k)).append(']');
            }
        }
        return sb.toString();
    }

    private static String output(Decision decision, String reason) {
        ObjectNode root = JsonText.STRICT.createObjectNode();
        ObjectNode specific = root.putObject("hookSpecificOutput");
        specific.put("hookEventName", "PreToolUse");
        specific.put("permissionDecision", decision.json());
        specific.put("permissionDecisionReason", reason);
        return root.toString() + "\n";
    }

    private static Answer block(String why) {
        return new Answer(BLOCK, "", "airlock: " + why + "\nairlock: refused: the command was not judged, so it must not run.\n");
    }

    /** Claude Code's session id names the log's session, so one conversation's answers group together. */
    private static String session(JsonNode input) {
        return text(input, "session_id").filter(s -> s.matches("[A-Za-z0-9._:-]{1,80}")).orElse("claude-code-hook");
    }

    private static java.util.Optional<String> text(JsonNode input, String field) {
        JsonNode n = input.get(field);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? java.util.Optional.of(n.asText()) : java.util.Optional.empty();
    }
}
