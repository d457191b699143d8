package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.sandbox.Bubblewrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents' own files around a confined command, with their wrappers as captured (cases.json):
 * Claude Code reads its new working directory from a file in /tmp after each command, and Gemini CLI
 * writes its background pids to one. Confined, the first must reach the host and the second must
 * not break the command.
 */
class ConfinedHarnessTest {
    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;
    Path cwdFile;
    Path geminiDir;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Bubblewrap.find().available(), "no sandbox here");
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("sub"));
        Files.writeString(work.resolve("sub/inside.txt"), "x");
        env = Run.env(home);
        String tag = Long.toHexString(ProcessHandle.current().pid() & 0xffff);
        cwdFile = Path.of("/tmp/claude-" + tag + "-cwd");
        geminiDir = Files.createDirectories(Path.of("/tmp/gemini-shell-t" + tag));
    }

    @AfterEach
    void tearDown() throws Exception {
        Files.deleteIfExists(cwdFile);
        Files.deleteIfExists(geminiDir.resolve("bgpids.tmp"));
        Files.deleteIfExists(geminiDir);
    }

    private JsonNode decision() throws Exception {
        return Run.auditRecords(home).stream().filter(r -> r.get("event").asText().equals("decision"))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void claudeCodeLearnsTheDirectoryAConfinedCommandMovedTo() throws Exception {
        String wrapper = "shopt -u extglob 2>/dev/null || true && eval 'cd sub && ls' < /dev/null && pwd -P >| " + cwdFile;
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", wrapper), env, work, 60);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("inside.txt"), r.out());
        JsonNode d = decision();
        assertEquals("read-only", d.get("sandbox").asText(), d.toString());
        assertEquals("claude-code", d.get("harness").asText(), d.toString());
        assertEquals(work.resolve("sub").toRealPath().toString(), Files.readString(cwdFile).strip(),
                "the cwd file on the host names the new directory");
    }

    @Test
    void aPlantedLinkInPlaceOfClaudesFileIsNotWrittenThrough() throws Exception {
        Path target = Files.writeString(tmp.resolve("victim.txt"), "unchanged");
        Files.createSymbolicLink(cwdFile, target);
        String wrapper = "shopt -u extglob 2>/dev/null || true && eval 'ls' < /dev/null && pwd -P >| " + cwdFile;
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", wrapper), env, work, 60);
        assertEquals(126, r.exit(), r.err());
        assertTrue(r.err().contains("not a plain file"), r.err());
        assertEquals("unchanged", Files.readString(target));
    }

    @Test
    void aHardLinkInPlaceOfClaudesFileIsNotWrittenThrough() throws Exception {
        Path target = Files.writeString(Files.createDirectories(Path.of("/tmp", "airlock-hl-" + ProcessHandle.current().pid()))
                .resolve("victim.txt"), "unchanged");
        try {
            Files.createLink(cwdFile, target);
            String wrapper = "shopt -u extglob 2>/dev/null || true && eval 'ls' < /dev/null && pwd -P >| " + cwdFile;
            Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", wrapper), env, work, 60);
            assertEquals(126, r.exit(), r.err());
            assertEquals("unchanged", Files.readString(target));
        } finally {
            Files.deleteIfExists(target);
            Files.deleteIfExists(target.getParent());
        }
    }

    @Test
    void geminisBackgroundPidsStayInsideAndTheCommandIsUnchanged() throws Exception {
        Path pids = geminiDir.resolve("bgpids.tmp");
        String wrapper = "shopt -u promptvars nullglob extglob nocaseglob dotglob; _bgpids_file=" + pids
                + "\n(\n  trap 'jobs -p > \"$_bgpids_file\"' EXIT\nsleep 0.1 & ls sub\n)\n__code=$?\nexit $__code";
        Run.Result bare = Run.run(List.of("/bin/bash", "-c", wrapper), env, work, 60);
        Files.deleteIfExists(pids);
        Run.Result guarded = Run.run(List.of(Run.SHIM.toString(), "-c", wrapper), env, work, 60);
        assertEquals(bare.exit(), guarded.exit(), guarded.err());
        assertEquals(bare.out(), guarded.out());
        assertEquals("", guarded.err());
        assertEquals("read-only", decision().get("sandbox").asText());
        // The job ended with the sandbox; its pid was the sandbox's own, so Gemini is told of none.
        assertFalse(Files.exists(pids), "a pid from inside the sandbox reached Gemini's file");
    }
}
