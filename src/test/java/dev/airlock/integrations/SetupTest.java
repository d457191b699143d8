package dev.airlock.integrations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `airlock setup AGENT` on copies of real configuration files, through bin/airlock, in a private home. */
class SetupTest extends InPrivateHome {
    private static final ObjectMapper JSON = new ObjectMapper();

    Path claude;
    Path opencode;
    Path bashrc;

    @BeforeEach
    void setUp() throws Exception {
        claude = airlock.home.resolve(".claude/settings.json");
        opencode = airlock.home.resolve(".config/opencode/opencode.json");
        bashrc = airlock.home.resolve(".bashrc");
    }

    static byte[] sample(String name) throws Exception {
        try (InputStream in = SetupTest.class.getResourceAsStream("/integrations/" + name)) {
            return in.readAllBytes();
        }
    }

    private byte[] place(String sample, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        byte[] bytes = sample(sample);
        Files.write(file, bytes);
        return bytes;
    }

    private static Path backup(Path file) {
        return file.resolveSibling(file.getFileName() + ".airlock-backup");
    }

    private static void ok(Airlock.Result r) {
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    // --- Claude Code ---

    @Test
    void showsTheChangeAndChangesNothingWithoutApply() throws Exception {
        byte[] original = place("claude-settings.json", claude);
        Airlock.Result r = airlock.run("setup", "claude-code");
        ok(r);
        assertTrue(r.out().contains(claude + ":"), r.out());
        assertTrue(r.out().contains("env.CLAUDE_CODE_SHELL: (unset) -> \"" + Airlock.SHIM_BASH + "\""), r.out());
        assertTrue(r.out().contains("Nothing was changed"), r.out());
        assertArrayEquals(original, Files.readAllBytes(claude));
        assertFalse(Files.exists(backup(claude)));
    }

    @Test
    void appliesToARealSettingsFileKeepingEveryOtherKeyAndItsIndentation() throws Exception {
        byte[] original = place("claude-settings.json", claude);
        ok(airlock.run("setup", "claude-code", "--apply", "--hook"));
        ObjectNode after = (ObjectNode) JSON.readTree(claude.toFile());
        assertEquals(Airlock.SHIM_BASH.toString(), after.at("/env/CLAUDE_CODE_SHELL").asText());
        ArrayNode pre = (ArrayNode) after.at("/hooks/PreToolUse");
        assertEquals(2, pre.size(), "the person's Edit|Write hook stays and airlock's is added: " + pre);
        assertEquals("Edit|Write", pre.get(0).get("matcher").asText());
        assertEquals("Bash", pre.get(1).get("matcher").asText());
        assertEquals(Airlock.LAUNCHER + " hook claude-code", pre.get(1).at("/hooks/0/command").asText());
        // Take airlock's two settings out again: what is left is exactly the original tree.
        ((ObjectNode) after.get("env")).remove("CLAUDE_CODE_SHELL");
        pre.remove(1);
        assertEquals(JSON.readTree(original), after);
        String text = Files.readString(claude);
        assertTrue(text.startsWith("{\n    \"$schema\": "), "four-space indentation kept: " + text);
        assertArrayEquals(original, Files.readAllBytes(backup(claude)));
    }

    @Test
    void applyingTwiceChangesTheFileOnce() throws Exception {
        byte[] original = place("claude-settings.json", claude);
        ok(airlock.run("setup", "claude-code", "--apply"));
        byte[] once = Files.readAllBytes(claude);
        Airlock.Result again = airlock.run("setup", "claude-code", "--apply");
        ok(again);
        assertTrue(again.out().contains("already set, nothing changed"), again.out());
        assertArrayEquals(once, Files.readAllBytes(claude));
        assertArrayEquals(original, Files.readAllBytes(backup(claude)), "the backup still holds the file before airlock");
    }

    @Test
    void undoRestoresTheUntouchedFileByteForByte() throws Exception {
        byte[] original = place("claude-settings.json", claude);
        ok(airlock.run("setup", "claude-code", "--apply", "--hook"));
        Airlock.Result r = airlock.run("setup", "claude-code", "--undo");
        ok(r);
        assertTrue(r.out().contains("env.CLAUDE_CODE_SHELL: \"" + Airlock.SHIM_BASH + "\" -> (unset)"), r.out());
        assertArrayEquals(original, Files.readAllBytes(claude));
        assertFalse(Files.exists(backup(claude)));
        Airlock.Result twice = airlock.run("setup", "claude-code", "--undo");
        ok(twice);
        assertTrue(twice.out().contains("nothing of airlock's here"), twice.out());
    }

    @Test
    void undoAfterThePersonEditedTheFileKeepsTheirEditAndTakesOutOnlyAirlocksKeys() throws Exception {
        byte[] original = place("claude-settings.json", claude);
        ok(airlock.run("setup", "claude-code", "--apply", "--hook"));
        ObjectNode edited = (ObjectNode) JSON.readTree(claude.toFile());
        edited.put("theme", "dark");
        Files.writeString(claude, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(edited));
        ok(airlock.run("setup", "claude-code", "--undo"));
        ObjectNode after = (ObjectNode) JSON.readTree(claude.toFile());
        assertEquals("dark", after.get("theme").asText());
        after.remove("theme");
        assertEquals(JSON.readTree(original), after);
    }

    @Test
    void aMissingFileIsCreatedAndUndoRemovesItAgain() throws Exception {
        Airlock.Result r = airlock.run("setup", "claude-code", "--apply");
        ok(r);
        assertTrue(r.out().contains(claude + " (new file):"), r.out());
        JsonNode created = JSON.readTree(claude.toFile());
        assertEquals(JSON.readTree("{\"env\":{\"CLAUDE_CODE_SHELL\":\"" + Airlock.SHIM_BASH + "\"}}"), created);
        assertFalse(Files.exists(backup(claude)));
        ok(airlock.run("setup", "claude-code", "--undo"));
        assertFalse(Files.exists(claude));
    }

    @Test
    void refusesAnUnparseableFileAndChangesNothing() throws Exception {
        for (String broken : List.of("{\n  \"model\": \"opus\",\n  \"env\": {\n}\n", "{ \"model\": \"opus\", }\n",
                "{\"env\": {}, \"env\": {\"A\": \"1\"}}", "[1, 2]", "{\"env\": \"not an object\"}")) {
            Files.createDirectories(claude.getParent());
            Files.writeString(claude, broken);
            Airlock.Result r = airlock.run("setup", "claude-code", "--apply");
            assertEquals(1, r.exit(), broken + "\n" + r.out() + r.err());
            assertTrue(r.err().startsWith("airlock: " + claude + ": "), r.err());
            assertTrue(r.err().contains("airlock changed nothing") || r.err().contains("make the change by hand"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertEquals(broken, Files.readString(claude));
            assertFalse(Files.exists(backup(claude)));
        }
    }

    @Test
    void aShellAlreadySetElsewhereIsShownOldToNewAndComesBackOnUndo() throws Exception {
        Files.createDirectories(claude.getParent());
        Files.writeString(claude, "{\n  \"env\": {\n    \"CLAUDE_CODE_SHELL\": \"/bin/zsh\"\n  }\n}\n");
        Airlock.Result plan = airlock.run("setup", "claude-code");
        assertTrue(plan.out().contains("env.CLAUDE_CODE_SHELL: \"/bin/zsh\" -> \"" + Airlock.SHIM_BASH + "\""), plan.out());
        ok(airlock.run("setup", "claude-code", "--apply"));
        assertTrue(Files.readString(backup(claude)).contains("/bin/zsh"));
        // A later edit elsewhere in the file: undo cannot restore the backup wholesale, so it restores the key.
        ObjectNode edited = (ObjectNode) JSON.readTree(claude.toFile());
        edited.put("model", "opus");
        Files.writeString(claude, edited.toString());
        ok(airlock.run("setup", "claude-code", "--undo"));
        JsonNode after = JSON.readTree(claude.toFile());
        assertEquals("/bin/zsh", after.at("/env/CLAUDE_CODE_SHELL").asText());
        assertEquals("opus", after.get("model").asText());
    }

    @Test
    void aShellAlreadyPointingAtAirlockIsNothingToDo() throws Exception {
        Files.createDirectories(claude.getParent());
        String text = "{\"env\": {\"CLAUDE_CODE_SHELL\": \"" + Airlock.SHIM_BASH + "\"}}";
        Files.writeString(claude, text);
        Airlock.Result r = airlock.run("setup", "claude-code", "--apply");
        ok(r);
        assertTrue(r.out().contains("already set, nothing changed"), r.out());
        assertEquals(text, Files.readString(claude));
        assertFalse(Files.exists(backup(claude)));
    }

    @Test
    void aSymlinkedSettingsFileIsChangedWhereItPoints() throws Exception {
        Path real = tmp.resolve("dotfiles/claude-settings.json");
        byte[] original = place("claude-settings.json", real);
        Files.createDirectories(claude.getParent());
        Files.createSymbolicLink(claude, real);
        ok(airlock.run("setup", "claude-code", "--apply"));
        assertTrue(Files.isSymbolicLink(claude), "the link stays a link");
        assertTrue(Files.readString(real).contains("CLAUDE_CODE_SHELL"));
        assertArrayEquals(original, Files.readAllBytes(backup(real)));
    }

    // --- opencode ---

    @Test
    void opencodeGetsItsShellKeyAndUndoRestoresTheFile() throws Exception {
        byte[] original = place("opencode.json", opencode);
        Airlock.Result plan = airlock.run("setup", "opencode");
        assertTrue(plan.out().contains("shell: (unset) -> \"" + Airlock.SHIM_BASH + "\""), plan.out());
        ok(airlock.run("setup", "opencode", "--apply"));
        ObjectNode after = (ObjectNode) JSON.readTree(opencode.toFile());
        assertEquals(Airlock.SHIM_BASH.toString(), after.get("shell").asText());
        after.remove("shell");
        assertEquals(JSON.readTree(original), after);
        ok(airlock.run("setup", "opencode", "--undo"));
        assertArrayEquals(original, Files.readAllBytes(opencode));
    }

    @Test
    void opencodeWithoutAConfigGetsOneAndASecondApplyFindsItInPlace() throws Exception {
        Airlock.Result r = airlock.run("setup", "opencode", "--apply");
        ok(r);
        assertTrue(r.out().contains(opencode + " (new file):"), r.out());
        assertEquals(JSON.readTree("{\"shell\":\"" + Airlock.SHIM_BASH + "\"}"), JSON.readTree(opencode.toFile()));
        byte[] once = Files.readAllBytes(opencode);
        Airlock.Result again = airlock.run("setup", "opencode", "--apply");
        assertTrue(again.out().contains("already set, nothing changed"), again.out());
        assertArrayEquals(once, Files.readAllBytes(opencode));
        assertFalse(Files.exists(backup(opencode)), "no backup of airlock's own file");
    }

    @Test
    void opencodeWithCommentsIsLeftAloneRatherThanLoseThem() throws Exception {
        Files.createDirectories(opencode.getParent());
        String text = "{\n  // my model\n  \"model\": \"anthropic/claude-sonnet-4-5\"\n}\n";
        Files.writeString(opencode, text);
        Airlock.Result r = airlock.run("setup", "opencode", "--apply");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("has comments or trailing commas"), r.err());
        assertEquals(text, Files.readString(opencode));
    }

    // --- Codex and Gemini CLI: a shell function ---

    @Test
    void codexGetsAFunctionThatStartsItGuardedAndUndoRemovesIt() throws Exception {
        byte[] original = place("bashrc", bashrc);
        Airlock.Result r = airlock.run("setup", "codex", "--apply");
        ok(r);
        assertTrue(r.out().contains("function codex(): (unset) -> codex() { " + Airlock.LAUNCHER + " wrap codex \"$@\"; }"), r.out());
        assertTrue(r.out().contains("NOT changed"), "says the login shell is left alone: " + r.out());
        String text = Files.readString(bashrc);
        assertTrue(text.startsWith(new String(original, StandardCharsets.UTF_8)), text);
        assertTrue(text.contains("# >>> airlock: codex >>>\n"), text);
        // The function, as an interactive bash defines it, starts a program called codex under airlock wrap.
        agentsOnPath(null, "codex");
        Airlock.Result run = airlock.exec(List.of("/bin/bash", "-c",
                "eval \"$(grep '^codex()' ~/.bashrc)\"; codex --model x"), new byte[0]);
        assertEquals(FakeAgents.EXIT, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("args=--model x"), run.out());
        assertTrue(run.out().contains("login_shell=" + Airlock.SHIM_BASH), run.out());

        Airlock.Result again = airlock.run("setup", "codex", "--apply");
        assertTrue(again.out().contains("already set, nothing changed"), again.out());
        assertEquals(text, Files.readString(bashrc));
        ok(airlock.run("setup", "codex", "--undo"));
        assertArrayEquals(original, Files.readAllBytes(bashrc));
    }

    @Test
    void geminiAndCodexFunctionsLiveSideBySideAndUndoTakesOutOnlyItsOwn() throws Exception {
        byte[] original = place("bashrc", bashrc);
        ok(airlock.run("setup", "gemini", "--apply"));
        ok(airlock.run("setup", "codex", "--apply"));
        ok(airlock.run("setup", "gemini", "--undo"));
        String text = Files.readString(bashrc);
        assertFalse(text.contains("gemini"), text);
        assertTrue(text.contains("codex() {"), text);
        ok(airlock.run("setup", "codex", "--undo"));
        assertArrayEquals(original, Files.readAllBytes(bashrc));
    }

    @Test
    void theRcFileFollowsTheLoginShellOrRcAndAnUnknownShellIsAnError() throws Exception {
        airlock.env.put("SHELL", "/usr/bin/zsh");
        ok(airlock.run("setup", "gemini", "--apply"));
        assertTrue(Files.readString(airlock.home.resolve(".zshrc")).contains("gemini() {"));
        airlock.env.put("SHELL", "/usr/bin/fish");
        Airlock.Result fish = airlock.run("setup", "codex", "--apply");
        assertEquals(1, fish.exit());
        assertTrue(fish.err().contains("give --rc FILE"), fish.err());
        Path rc = tmp.resolve("my.rc");
        ok(airlock.run("setup", "codex", "--apply", "--rc", rc.toString()));
        assertTrue(Files.readString(rc).contains("codex() {"));
    }

    @Test
    void anUnfinishedAirlockBlockIsRefused() throws Exception {
        String text = "alias ll='ls -l'\n# >>> airlock: codex >>>\ncodex() { true; }\n";
        Files.writeString(bashrc, text);
        Airlock.Result r = airlock.run("setup", "codex", "--apply");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("has no closing"), r.err());
        assertEquals(text, Files.readString(bashrc));
    }

    // --- usage ---

    @Test
    void usageErrorsExitTwo() throws Exception {
        for (List<String> args : List.of(List.of("setup"), List.of("setup", "cursor"), List.of("setup", "codex", "--hook"),
                List.of("setup", "codex", "--apply", "--undo"), List.of("setup", "--status", "codex"))) {
            Airlock.Result r = airlock.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + ": " + r.err());
            assertTrue(r.err().startsWith("airlock: "), r.err());
        }
    }
}
