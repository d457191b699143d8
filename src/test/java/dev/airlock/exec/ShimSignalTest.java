package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signals as agents send them: to airlock-sh alone, or to the whole process group; nothing is left behind. */
class ShimSignalTest {
    @TempDir
    Path tmp;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        env = Run.env(Files.createDirectories(tmp.resolve("home")));
    }

    /** Starts `setsid SHIM -c COMMAND` so the shim leads its own process group, as agents arrange. */
    private Process start(String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("setsid", Run.SHIM.toString(), "-c", command)
                .directory(tmp.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitProcess(String marker) throws Exception {
        for (int k = 0; k < 200 && processesWith(marker) == 0; k++) {
            Thread.sleep(50);
        }
        assertTrue(processesWith(marker) > 0, "the command never started: " + marker);
    }

    private static void assertGone(String marker) throws Exception {
        for (int k = 0; k < 100 && processesWith(marker) > 0; k++) {
            Thread.sleep(50);
        }
        assertEquals(0, processesWith(marker), "processes left behind running " + marker);
    }

    /** Processes whose command line holds {@code marker}, read from /proc. */
    static int processesWith(String marker) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.equals("sleep\0" + marker + "\0")) {
                        n++;
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return n;
    }

    private static void signal(String sig, long target) throws Exception {
        new ProcessBuilder("kill", "-s", sig, "--", Long.toString(target)).inheritIO().start().waitFor();
    }

    @Test
    void sigtermToAirlockShAloneReachesTheCommandAndLeavesNothing() throws Exception {
        Process p = start("sleep 41.31");
        awaitProcess("41.31");
        signal("TERM", p.pid());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        assertGone("41.31");
    }

    @Test
    void sigintToAirlockShAloneIsPassedOn() throws Exception {
        Process p = start("sleep 41.32");
        awaitProcess("41.32");
        signal("INT", p.pid());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        assertGone("41.32");
    }

    @Test
    void sigtermToTheGroupEndsEverything() throws Exception {
        Process p = start("sleep 41.33; echo never");
        awaitProcess("41.33");
        signal("TERM", -p.pid());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        assertGone("41.33");
    }

    @Test
    void sigkillToTheGroupLeavesNothingEvenWhenTheCommandIgnoresTerm() throws Exception {
        Process p = start("trap '' TERM INT HUP; sleep 41.34");
        awaitProcess("41.34");
        signal("TERM", -p.pid());
        assertTrue(!p.waitFor(1, TimeUnit.SECONDS) || p.exitValue() != 0);
        signal("KILL", -p.pid());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertGone("41.34");
    }

    @Test
    void exitStatusOfACommandKilledBySignalIs128PlusN() throws Exception {
        Process p = start("sleep 41.35");
        awaitProcess("41.35");
        // bash execs a lone command, so the sleep process is the real shell: kill it alone.
        for (long pid : pidsOf("41.35")) {
            signal("KILL", pid);
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
    }

    private static List<Long> pidsOf(String marker) throws IOException {
        List<Long> out = new java.util.ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    if (new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .equals("sleep\0" + marker + "\0")) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // ended while we looked
                }
            }
        }
        return out;
    }
}
