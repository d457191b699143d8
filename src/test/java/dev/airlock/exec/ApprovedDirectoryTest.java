package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Tmux;
import java.io.File;
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
 * A command waits for a person; meanwhile its directory is moved aside and a link to another
 * directory takes its name. Approved, the command must not run in the other directory.
 */
class ApprovedDirectoryTest {
    private static final Path APPROVER = Run.ROOT.resolve("src/test/resources/dev/airlock/exec/slow_approver.py");

    @TempDir
    Path tmp;
    Map<String, String> env;
    Tmux tmux;

    @BeforeEach
    void setUp() throws Exception {
        env = Run.env(Files.createDirectories(tmp.resolve("home")));
        env.put("AIRLOCK_SOCKET", tmp.resolve("run/console.sock").toString());
        env.put("AIRLOCK_APPROVAL_TIMEOUT", "60");
        tmux = new Tmux(env);
    }

    @AfterEach
    void tearDown() throws Exception {
        tmux.close();
    }

    private void awaitLine(Path log, String prefix) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never saw `" + prefix + "` in " + log);
    }

    @Test
    void aDirectorySwappedForALinkWhileAPersonDecidesIsNotWhereTheCommandRuns() throws Exception {
        Path judged = Files.createDirectories(tmp.resolve("ws/project"));
        Path elsewhere = Files.createDirectories(tmp.resolve("documents"));
        Files.writeString(elsewhere.resolve("keep.txt"), "keep");
        Files.writeString(judged.resolve("old.txt"), "old");
        Path log = tmp.resolve("approver.log");
        Path go = tmp.resolve("go");
        // A person's console: started in a terminal, outside airlock.
        tmux.start("person", 100, 20, "python3 " + APPROVER + " " + env.get("AIRLOCK_SOCKET") + " " + log + " " + go);
        awaitLine(log, "pid ");
        ProcessBuilder pb = new ProcessBuilder("setsid", Run.SHIM.toString(), "-c", "rm -f *.txt").directory(judged.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process agent = pb.start();
        awaitLine(log, "asked rm -f *.txt");
        Files.move(judged, tmp.resolve("ws/project.moved"));
        Files.createSymbolicLink(judged, elsewhere);
        Files.writeString(go, "");
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "airlock-sh did not finish");
        assertTrue(Files.exists(elsewhere.resolve("keep.txt")), "the approved command ran in the swapped-in directory");
        assertEquals(126, agent.exitValue(), Files.readString(tmp.resolve("err.txt")));
        assertTrue(Files.readString(tmp.resolve("err.txt")).contains("no longer the directory"),
                Files.readString(tmp.resolve("err.txt")));
        List<String> audit = Files.readAllLines(Run.auditLog(Path.of(env.get("HOME"))));
        assertTrue(audit.get(audit.size() - 1).contains("\"not_run\""), audit.get(audit.size() - 1));
        assertTrue(Files.exists(tmp.resolve("ws/project.moved/old.txt")), "refused: nothing ran anywhere");
    }
}
