package dev.airlock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.audit.Verifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `bin/airlock hook claude-code` fed the PreToolUse input Claude Code sends, as its hook reference documents it. */
class ClaudeHookTest extends InPrivateHome {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "4f1c2a7e-9b3d-4c1e-8a2f-6d5e3b9c0a11";

    Path project;

    @BeforeEach
    void setUp() throws Exception {
        project = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(project.resolve(".git"));
    }

    /** The input of a Bash tool call, with every field Claude Code sends. */
    private ObjectNode bash(String command) {
        ObjectNode in = JSON.createObjectNode();
        in.put("session_id", SESSION);
        in.put("transcript_path", airlock.home + "/.claude/projects/-project/" + SESSION + ".jsonl");
        in.put("cwd", project.toString());
        in.put("permission_mode", "default");
        in.put("hook_event_name", "PreToolUse");
        in.put("tool_name", "Bash");
        ObjectNode input = in.putObject("tool_input");
        input.put("command", command);
        input.put("description", "Run the command");
        input.put("timeout", 120000);
        in.put("tool_use_id", "toolu_01ABC123");
        return in;
    }

    private Airlock.Result hook(byte[] stdin) throws Exception {
        return airlock.runWithInput(stdin, "hook", "claude-code");
    }

    private Airlock.Result hook(JsonNode input) throws Exception {
        return hook(input.toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<JsonNode> audit() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(airlock.auditLog())) {
            for (String line : Files.readAllLines(airlock.auditLog())) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static JsonNode answer(Airlock.Result r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        JsonNode out = JSON.readTree(r.out());
        assertEquals("PreToolUse", out.at("/hookSpecificOutput/hookEventName").asText(), r.out());
        return out.get("hookSpecificOutput");
    }

    @Test
    void allowsAReadOnlyCommandAndLogsTheAnswer() throws Exception {
        JsonNode a = answer(hook(bash("git status && ls -la")));
        assertEquals("allow", a.get("permissionDecision").asText());
        assertTrue(a.get("permissionDecisionReason").asText().startsWith("airlock: allowed: "), a.toString());
        List<JsonNode> log = audit();
        assertEquals(1, log.size());
        JsonNode r = log.get(0);
        assertEquals("decision", r.get("event").asText());
        assertEquals("allow", r.get("decision").asText());
        assertEquals("policy", r.get("approver").asText());
        assertEquals("claude-code", r.get("agent").asText());
        assertEquals("PreToolUse", r.get("hook").asText());
        assertEquals("answered", r.get("outcome").asText());
        assertEquals(SESSION, r.get("session").asText());
        assertEquals("toolu_01ABC123", r.get("tool_use_id").asText());
        assertEquals(project.toString(), r.get("cwd").asText());
        assertEquals("git status && ls -la", r.get("command").asText());
        assertTrue(Verifier.verify(airlock.auditLog()).intact());
    }

    @Test
    void asksForAStateChangeWithAirlocksReasonsForClaudeCodesPrompt() throws Exception {
        JsonNode a = answer(hook(bash("npm install left-pad")));
        assertEquals("ask", a.get("permissionDecision").asText());
        String reason = a.get("permissionDecisionReason").asText();
        assertTrue(reason.startsWith("airlock: needs a person's approval: "), reason);
        JsonNode r = audit().get(0);
        assertEquals("ask", r.get("decision").asText());
        assertEquals(r.get("reasons").get(0).asText(), reason.substring(reason.indexOf(": ", 9) + 2, reason.indexOf(" [")));
    }

    @Test
    void deniesACatastrophicCommandWithTheLinesTheModelReads() throws Exception {
        JsonNode a = answer(hook(bash("cd /tmp && rm -rf ~")));
        assertEquals("deny", a.get("permissionDecision").asText());
        String reason = a.get("permissionDecisionReason").asText();
        assertTrue(reason.startsWith("airlock: refused: cd /tmp && rm -rf ~\n"), reason);
        assertTrue(reason.contains("airlock: deny (delete.catastrophic): "), reason);
        assertTrue(reason.endsWith("airlock: stop here and ask your user; do not try another way to do the same thing."), reason);
        assertEquals("deny", audit().get(0).get("decision").asText());
    }

    @Test
    void theProjectPolicyOfTheToolCallsDirectoryApplies() throws Exception {
        Files.createDirectories(project.resolve(".airlock"));
        Files.writeString(project.resolve(".airlock/policy.json"), "{\"airlock_policy\": 1, \"rules\": [{\"id\": \"project.no-ls\","
                + " \"decision\": \"deny\", \"reason\": \"this project forbids ls\", \"match\": {\"program\": [\"ls\"]}}]}");
        JsonNode a = answer(hook(bash("ls")));
        assertEquals("deny", a.get("permissionDecision").asText(), a.toString());
        assertTrue(a.get("permissionDecisionReason").asText().contains("project.no-ls"), a.toString());
    }

    @Test
    void otherToolsGetNoOpinion() throws Exception {
        ObjectNode read = bash("unused");
        read.put("tool_name", "Read");
        read.set("tool_input", JSON.createObjectNode().put("file_path", "/etc/passwd"));
        Airlock.Result r = hook(read);
        assertEquals(0, r.exit());
        assertEquals("", r.out());
        assertEquals("", r.err());
        assertTrue(audit().isEmpty());
    }

    @Test
    void blocksWhatItCannotJudgeWithExitTwoAndAReasonOnStderr() throws Exception {
        ObjectNode noCommand = bash("x");
        ((ObjectNode) noCommand.get("tool_input")).remove("command");
        ObjectNode numberCommand = bash("x");
        ((ObjectNode) numberCommand.get("tool_input")).put("command", 42);
        ObjectNode noTool = bash("ls");
        noTool.remove("tool_name");
        ObjectNode otherEvent = bash("ls");
        otherEvent.put("hook_event_name", "PostToolUse");
        ObjectNode relativeCwd = bash("ls");
        relativeCwd.put("cwd", "project");
        byte[] big = new byte[5 << 20];
        Arrays.fill(big, (byte) ' ');
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("not JSON", "{\"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"ls\"".getBytes(StandardCharsets.UTF_8));
        cases.put("not an object", "[\"Bash\"]".getBytes(StandardCharsets.UTF_8));
        cases.put("empty", new byte[0]);
        cases.put("not UTF-8", new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
        cases.put("over 4 MiB", big);
        cases.put("no command", noCommand.toString().getBytes(StandardCharsets.UTF_8));
        cases.put("command not a string", numberCommand.toString().getBytes(StandardCharsets.UTF_8));
        cases.put("no tool_name", noTool.toString().getBytes(StandardCharsets.UTF_8));
        cases.put("another event", otherEvent.toString().getBytes(StandardCharsets.UTF_8));
        cases.put("relative cwd", relativeCwd.toString().getBytes(StandardCharsets.UTF_8));
        cases.put("blank command", bash("  ").toString().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Airlock.Result r = hook(c.getValue());
            assertEquals(2, r.exit(), c.getKey() + ": " + r.out() + r.err());
            assertEquals("", r.out(), c.getKey());
            assertTrue(r.err().startsWith("airlock: "), c.getKey() + ": " + r.err());
            assertTrue(r.err().lines().allMatch(l -> l.startsWith("airlock: ")), c.getKey() + ": " + r.err());
            assertFalse(r.err().contains("Exception"), c.getKey() + ": " + r.err());
        }
        assertTrue(audit().isEmpty());
    }

    @Test
    void aPolicyThatDoesNotLoadBlocks() throws Exception {
        Path policy = airlock.write(".config/airlock/policy.json", "{\"rules\": [");
        Airlock.Result r = hook(bash("ls"));
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("airlock: policy: "), r.err());
    }

    @Test
    void anAuditLogThatCannotBeWrittenBlocks() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        airlock.env.put("AIRLOCK_AUDIT", notADir.resolve("audit.jsonl").toString());
        Airlock.Result r = hook(bash("ls"));
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("airlock: cannot write the audit log"), r.err());
    }

    @Test
    void anUnknownAgentIsAUsageErrorWhichAnAgentReadsAsBlock() throws Exception {
        Airlock.Result other = airlock.runWithInput(bash("ls").toString().getBytes(StandardCharsets.UTF_8), "hook", "cursor");
        assertEquals(2, other.exit());
        assertTrue(other.err().startsWith("airlock: no hook for 'cursor'"), other.err());
    }
}
