package dev.airlock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `airlock setup --status` with agents installed the way npm installs them, and one that is not installed. */
class StatusTest extends InPrivateHome {

    @BeforeEach
    void setUp() throws Exception {
        agentsOnPath("/usr/bin:/bin", "codex", "gemini");
        // Claude Code as `npm install -g` lays it out: bin/claude -> ../lib/node_modules/<package>/cli.js.
        Path pkg = Files.createDirectories(tmp.resolve("npm/lib/node_modules/@anthropic-ai/claude-code"));
        Files.writeString(pkg.resolve("package.json"), "{\"name\": \"@anthropic-ai/claude-code\", \"version\": \"2.1.197\"}");
        Path cli = Files.writeString(pkg.resolve("cli.js"), "#!/bin/sh\necho 'status must read package.json, not run me'\nexit 1\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path npmBin = Files.createDirectories(tmp.resolve("npm/bin"));
        Files.createSymbolicLink(npmBin.resolve("claude"), Path.of("../lib/node_modules/@anthropic-ai/claude-code/cli.js"));
        airlock.env.put("PATH", npmBin + ":" + airlock.env.get("PATH"));
    }

    private String row(Airlock.Result r, String agent) {
        return r.out().lines().filter(l -> l.startsWith(agent + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(agent + " missing: " + r.out()));
    }

    @Test
    void showsEachAgentsVersionAndWhetherAndHowItIsGuarded() throws Exception {
        Airlock.Result before = airlock.run("setup", "--status");
        assertEquals(0, before.exit(), before.err());
        assertTrue(row(before, "claude-code").matches("claude-code +2\\.1\\.197 +unguarded .*airlock setup claude-code --apply.*"), before.out());
        assertTrue(row(before, "codex").matches("codex +9\\.8\\.7 +unguarded .*"), before.out());
        assertTrue(row(before, "opencode").matches("opencode +- +unguarded +not found on PATH; .*"), before.out());

        assertEquals(0, airlock.run("setup", "claude-code", "--apply", "--hook").exit());
        assertEquals(0, airlock.run("setup", "codex", "--apply").exit());
        Airlock.Result after = airlock.run("setup", "--status");
        assertTrue(row(after, "claude-code").matches("claude-code +2\\.1\\.197 +guarded .*env\\.CLAUDE_CODE_SHELL -> airlock-sh, and the PreToolUse hook .*"),
                after.out());
        assertTrue(row(after, "codex").matches("codex +9\\.8\\.7 +guarded +function codex\\(\\) in .*\\.bashrc .*"), after.out());
        assertTrue(row(after, "gemini").matches("gemini +9\\.8\\.7 +unguarded .*"), after.out());
    }

    @Test
    void aSettingOrFunctionWhoseAirlockIsGoneOrAFileThatDoesNotParseIsBroken() throws Exception {
        Path opencode = airlock.write(".config/opencode/opencode.json", "{\"shell\": \"/opt/old-airlock/bin/shim/bash\"}");
        Path claude = airlock.write(".claude/settings.json", "{\"env\": ");
        airlock.write(".bashrc", "# >>> airlock: codex >>>\ncodex() { '/opt/old-airlock/bin/airlock' wrap codex \"$@\"; }\n"
                + "# <<< airlock: codex <<<\n");
        Airlock.Result r = airlock.run("setup", "--status");
        assertEquals(0, r.exit(), r.err());
        assertTrue(row(r, "codex").contains("BROKEN") && row(r, "codex").contains("calls no airlock that exists"), r.out());
        assertTrue(row(r, "opencode").contains("BROKEN") && row(r, "opencode").contains("/opt/old-airlock/bin/shim/bash, which is missing"), r.out());
        assertTrue(row(r, "claude-code").contains("BROKEN") && row(r, "claude-code").contains("not valid JSON"), r.out());
    }
}
