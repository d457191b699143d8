package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that may write its workspace gets snapshots around it: its result record lists what
 * changed, `airlock diff SEQ` shows it, `airlock undo SEQ --yes` puts it back. Real airlock-sh, real
 * git, real files; the commands write through a user policy rule that grants the workspace profile,
 * so no person is needed to approve them.
 */
class WriteReceiptTest {
    private static final Path AIRLOCK = Run.ROOT.resolve("bin/airlock");

    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "git is not installed");
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        env = Run.env(home);
        env.put("AIRLOCK_SOCKET", tmp.resolve("no-console.sock").toString());
        Path policy = Files.createDirectories(home.resolve(".config/airlock")).resolve("policy.json");
        Files.writeString(policy, """
                {"airlock_policy": 1, "rules": [
                  {"id": "test.writes", "decision": "allow", "sandbox": "workspace", "reason": "the test's writes",
                   "match": {"program": ["touch", "rm", "sed", "mkdir"]}}
                ]}
                """);
        Files.writeString(work.resolve("keep.txt"), "original\n");
        Files.writeString(work.resolve("gone.txt"), "to be removed\n");
        Files.createDirectories(work.resolve("node_modules/pkg"));
        Files.writeString(work.resolve("node_modules/pkg/index.js"), "bulk\n");
    }

    private JsonNode lastResult() throws Exception {
        List<JsonNode> r = Run.auditRecords(home).stream().filter(n -> n.get("event").asText().equals("result")).toList();
        return r.get(r.size() - 1);
    }

    private Run.Result airlock(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(AIRLOCK.toString()));
        argv.addAll(List.of(args));
        return Run.run(argv, env, work, 60);
    }

    @Test
    void theResultRecordListsTheChangesAndDiffAndUndoWork() throws Exception {
        Run.Result ran = Run.run(List.of(Run.SHIM.toString(), "-c",
                "touch new.txt && sed -i s/original/changed/ keep.txt && rm gone.txt"), env, work, 60);
        assertEquals(0, ran.exit(), ran.err());
        JsonNode result = lastResult();
        JsonNode writes = result.get("writes");
        assertTrue(writes != null, result.toString());
        assertEquals(1, writes.get("created").asInt());
        assertEquals(1, writes.get("modified").asInt());
        assertEquals(1, writes.get("deleted").asInt());
        assertEquals(work.toString(), writes.get("workspace").asText());
        assertTrue(writes.get("excluded").toString().contains("node_modules/"), writes.toString());
        String seq = result.get("seq").asText();

        Run.Result diff = airlock("diff", seq);
        assertEquals(0, diff.exit(), diff.err());
        assertTrue(diff.out().contains("-original\n+changed"), diff.out());
        assertTrue(diff.out().contains("deleted file mode"), diff.out());

        Run.Result dry = airlock("undo", seq);
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("run again with --yes"), dry.out());
        assertTrue(Files.exists(work.resolve("new.txt")), "a dry run changes nothing");

        Run.Result undo = airlock("undo", seq, "--yes");
        assertEquals(0, undo.exit(), undo.err() + undo.out());
        assertEquals("original\n", Files.readString(work.resolve("keep.txt")));
        assertEquals("to be removed\n", Files.readString(work.resolve("gone.txt")));
        assertFalse(Files.exists(work.resolve("new.txt")));
        assertEquals("bulk\n", Files.readString(work.resolve("node_modules/pkg/index.js")), "excluded files are left alone");
    }

    @Test
    void undoRefusesWhenLaterChangesWouldBeLostUnlessForced() throws Exception {
        assertEquals(0, Run.run(List.of(Run.SHIM.toString(), "-c", "touch first.txt"), env, work, 60).exit());
        String seq = lastResult().get("seq").asText();
        Files.writeString(work.resolve("later.txt"), "written after\n");
        Run.Result refused = airlock("undo", seq, "--yes");
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.err().contains("undoing it would lose those changes too"), refused.err());
        assertTrue(Files.exists(work.resolve("first.txt")));
        Run.Result forced = airlock("undo", seq, "--yes", "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertFalse(Files.exists(work.resolve("first.txt")));
        assertFalse(Files.exists(work.resolve("later.txt")));
    }

    @Test
    void aCommandThatRanReadOnlyHasNoSnapshots() throws Exception {
        assertEquals(0, Run.run(List.of(Run.SHIM.toString(), "-c", "ls"), env, work, 60).exit());
        JsonNode result = lastResult();
        assertFalse(result.has("writes"), result.toString());
        Run.Result diff = airlock("diff", result.get("seq").asText());
        assertEquals(1, diff.exit());
        assertTrue(diff.err().contains("has no snapshots"), diff.err());
    }
}
