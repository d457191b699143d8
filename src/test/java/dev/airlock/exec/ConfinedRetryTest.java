package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.sandbox.Bubblewrap;
import dev.airlock.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code that ran read-only without a question and failed is asked about, when a person can be asked:
 * approved, it runs again with writes. Nobody is asked more often than without a sandbox.
 */
class ConfinedRetryTest {
    private static final Path APPROVER = Run.ROOT.resolve("src/test/resources/dev/airlock/exec/slow_approver.py");

    @TempDir
    Path tmp;
    Path work;
    Path log;
    Map<String, String> env;
    Tmux tmux;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Bubblewrap.find().available(), "no sandbox here");
        work = Files.createDirectories(tmp.resolve("work"));
        env = Run.env(Files.createDirectories(tmp.resolve("home")));
        env.put("AIRLOCK_SOCKET", tmp.resolve("run/console.sock").toString());
        log = tmp.resolve("approver.log");
        tmux = new Tmux(env);
        Path go = Files.writeString(tmp.resolve("go"), ""); // approves at once
        tmux.start("person", 100, 20, "python3 " + APPROVER + " " + env.get("AIRLOCK_SOCKET") + " " + log + " " + go);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).startsWith("pid "))) {
            assertTrue(System.nanoTime() < until, "the approver did not start");
            Thread.sleep(20);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
    }

    private List<JsonNode> decisions() throws Exception {
        return Run.auditRecords(Path.of(env.get("HOME"))).stream().filter(r -> r.get("event").asText().equals("decision")).toList();
    }

    @Test
    void codeThatFailedReadOnlyIsAskedAboutAndRunsAgainOnceApproved() throws Exception {
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "python3 -c \"open('made.txt','w').write('x'); print('wrote')\""),
                env, work, 90);
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(work.resolve("made.txt")));
        assertTrue(r.err().contains("Read-only file system"), "the first run's failure reached the agent: " + r.err());
        assertTrue(r.err().contains("airlock: it failed in a read-only sandbox without network; asking a person"), r.err());
        assertTrue(r.out().contains("wrote"), r.out());
        List<JsonNode> d = decisions();
        assertEquals(2, d.size(), d.toString());
        assertEquals("sandbox", d.get(0).get("approver").asText());
        assertEquals("read-only", d.get(0).get("sandbox").asText());
        assertEquals("console", d.get(1).get("approver").asText());
        assertEquals("none", d.get(1).get("sandbox").asText());
        assertTrue(Files.readString(log).contains("asked python3"), Files.readString(log));
    }

    @Test
    void codeThatSucceedsReadOnlyIsNeverAskedAbout() throws Exception {
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "python3 -c 'print(6*7)'"), env, work, 60);
        assertEquals(0, r.exit(), r.err());
        assertEquals("42\n", r.out());
        assertEquals(1, decisions().size());
        assertTrue(!Files.readString(log).contains("asked"), Files.readString(log));
    }

    @Test
    void aCommandThatIsNotFoundIsNotAskedAboutAgain() throws Exception {
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "no-such-program-here --x"), env, work, 60);
        assertEquals(127, r.exit(), r.err());
        assertEquals(1, decisions().size());
        assertTrue(!Files.readString(log).contains("asked"), Files.readString(log));
    }
}
