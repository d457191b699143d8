package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.Garbage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * airlock-sh with no command and no terminal (`airlock-sh < script`, `... | airlock-sh -s`): a guarded
 * non-interactive shell. Real processes, stdin from a file, no console running.
 */
class PipedShellTest {
    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("sub"));
        env = Run.env(home);
        env.put("AIRLOCK_SOCKET", tmp.resolve("no-console.sock").toString());
    }

    private Run.Result pipe(String script, String... flags) throws Exception {
        return pipe(script.getBytes(StandardCharsets.UTF_8), flags);
    }

    private Run.Result pipe(byte[] script, String... flags) throws Exception {
        Path in = tmp.resolve("stdin-" + System.nanoTime());
        Files.write(in, script);
        List<String> argv = new ArrayList<>(List.of(Run.SHIM.toString()));
        argv.addAll(List.of(flags));
        return Run.run(argv, env, work, in, 120);
    }

    private List<JsonNode> results() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(Run.auditLog(home))) {
            JsonNode r = new ObjectMapper().readTree(line);
            if (r.path("event").asText().equals("result")) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void runsAndRefusesCommandsInOrderInOnePersistentShell() throws Exception {
        Run.Result r = pipe("echo one\ntouch refused-marker\necho two $?\ncd sub\npwd\nfor i in a b\ndo echo loop-$i\ndone\nx=kept\n"
                + "echo $x\nfalse\n");
        assertEquals("one\ntwo 126\n" + work.resolve("sub") + "\nloop-a\nloop-b\nkept\n", r.out());
        assertTrue(r.err().contains("airlock: refused: touch refused-marker"), r.err());
        assertEquals(1, r.exit(), "the last command's status");
        assertFalse(Files.exists(work.resolve("refused-marker")));
        assertFalse(Files.exists(work.resolve("sub/refused-marker")));
    }

    @Test
    void dashSReadsTheSameWayAndEveryCommandIsLoggedWithItsStatus() throws Exception {
        Run.Result r = pipe("true\n(exit 3)\necho logged\n", "-s");
        assertEquals("logged\n", r.out());
        assertEquals(0, r.exit());
        List<JsonNode> results = results();
        assertEquals(List.of("true", "(exit 3)", "echo logged"), results.stream().map(x -> x.path("command").asText()).toList());
        assertEquals(List.of(0, 3, 0), results.stream().map(x -> x.path("exit").asInt()).toList());
        assertTrue(results.stream().allMatch(x -> x.path("mode").asText().equals("stdin") && x.has("duration_ms")));
        assertEquals(1, results.stream().map(x -> x.path("session").asText()).distinct().count(), "one session id");
    }

    @Test
    void aCommandCannotFakeItsEndNorFeedTheShellFromAFile() throws Exception {
        Files.writeString(work.resolve("cmds.txt"), "touch hijacked\n");
        Run.Result r = pipe("echo 0 >&3\nexec < cmds.txt\necho after\n");
        assertEquals("after\n", r.out());
        assertFalse(Files.exists(work.resolve("hijacked")), "the shell still reads airlock's commands");
        List<JsonNode> results = results();
        assertEquals(1, results.get(0).path("exit").asInt(), "fd 3 is closed for commands: `echo >&3` fails");
    }

    @Test
    void anUnfinishedCommandAtTheEndOfInputIsRefused() throws Exception {
        Run.Result r = pipe("echo start\necho 'never closed\n");
        assertEquals("start\n", r.out());
        assertTrue(r.err().contains("airlock: refused: echo 'never closed"), r.err());
        assertTrue(r.err().contains("unterminated single quote"), r.err());
        assertEquals(126, r.exit());
    }

    @Test
    void aHugeLineAndBinaryGarbageAreRefusedAndTheShellGoesOn() throws Exception {
        byte[] junk = Garbage.bytes(4096, 11);
        String huge = "touch huge-ran #" + "x".repeat((1 << 20) + 10) + "\n";
        java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
        in.write(huge.getBytes(StandardCharsets.UTF_8));
        in.write(junk);
        in.write("\necho survived\n".getBytes(StandardCharsets.UTF_8));
        Run.Result r = pipe(in.toByteArray());
        assertTrue(r.out().endsWith("survived\n"), r.out());
        assertTrue(r.err().contains("longer than"), r.err().substring(0, Math.min(2000, r.err().length())));
        assertFalse(Files.exists(work.resolve("huge-ran")));
    }

    @Test
    void exitEndsTheShellAndNothingAfterItRuns() throws Exception {
        Run.Result r = pipe("echo before\nexit 4\necho after\n");
        assertEquals("before\n", r.out());
        assertEquals(4, r.exit());
    }
}
