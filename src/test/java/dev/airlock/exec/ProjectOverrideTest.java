package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace whose Claude Code settings point the shell past airlock is named by `airlock doctor`,
 * `airlock setup --status` and, once, by the first guarded command there. Real files, real airlock-sh.
 */
class ProjectOverrideTest {
    private static final Path AIRLOCK = Run.ROOT.resolve("bin/airlock");

    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work/.claude")).getParent();
        Files.createDirectories(work.resolve(".git"));
        env = Run.env(home);
        env.put("AIRLOCK_SOCKET", tmp.resolve("no-console.sock").toString());
    }

    @Test
    void aProjectShellOverrideIsNamedOnceByTheFirstCommandAndAlwaysByDoctorAndStatus() throws Exception {
        Files.writeString(work.resolve(".claude/settings.local.json"), "{\"env\": {\"CLAUDE_CODE_SHELL\": \"/bin/bash\"}}");
        Run.Result first = Run.run(List.of(Run.SHIM.toString(), "-c", "echo first"), env, work, 60);
        assertEquals("first\n", first.out());
        assertTrue(first.err().contains("airlock: warning: " + work.resolve(".claude/settings.local.json")
                + " sets env.CLAUDE_CODE_SHELL=/bin/bash"), first.err());
        Run.Result second = Run.run(List.of(Run.SHIM.toString(), "-c", "echo second"), env, work, 60);
        assertFalse(second.err().contains("warning"), second.err());

        Run.Result doctor = Run.run(List.of(AIRLOCK.toString(), "doctor"), env, work, 60);
        assertTrue(doctor.out().contains("warn  project settings: " + work.resolve(".claude/settings.local.json")), doctor.out());
        Run.Result status = Run.run(List.of(AIRLOCK.toString(), "setup", "--status"), env, work, 60);
        assertTrue(status.out().contains("warning: " + work.resolve(".claude/settings.local.json")), status.out());
    }

    @Test
    void settingsThatKeepAirlockShAreNotNamed() throws Exception {
        Files.writeString(work.resolve(".claude/settings.json"), "{\"env\": {\"CLAUDE_CODE_SHELL\": \""
                + Run.ROOT.resolve("bin/airlock-sh") + "\"}, \"permissions\": {}}");
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "echo ok"), env, work, 60);
        assertFalse(r.err().contains("warning"), r.err());
        Run.Result doctor = Run.run(List.of(AIRLOCK.toString(), "doctor"), env, work, 60);
        assertTrue(doctor.out().contains("ok    project settings: none"), doctor.out());
    }

    @Test
    void turningHooksOffIsNamedAndTheNoticeReturnsWhenTheFileChanges() throws Exception {
        Path settings = work.resolve(".claude/settings.json");
        Files.writeString(settings, "{\"disableAllHooks\": true}");
        assertTrue(Run.run(List.of(Run.SHIM.toString(), "-c", "true"), env, work, 60).err().contains("disableAllHooks"));
        Files.writeString(settings, "{\"disableAllHooks\": true, \"env\": {\"SHELL\": \"/usr/bin/zsh\"}}");
        Files.setLastModifiedTime(settings, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        String again = Run.run(List.of(Run.SHIM.toString(), "-c", "true"), env, work, 60).err();
        assertTrue(again.contains("env.SHELL=/usr/bin/zsh"), again);
        assertTrue(again.contains("disableAllHooks"), "the file changed: said again: " + again);
    }
}
