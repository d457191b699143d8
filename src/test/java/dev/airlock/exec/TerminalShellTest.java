package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `bin/airlock-sh` on a real terminal (a tmux pane), driven as a person types: the README's guarded
 * shell. Commands are checked one by one, `cd` carries over and moves where paths are resolved,
 * Ctrl-C stops the running command and the shell goes on.
 */
class TerminalShellTest {
    @TempDir
    Path tmp;
    String session;
    /** A tmux server of this test's own: a shared server would hand new panes its own environment. */
    final String server = "airlock-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        session = "airlock-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        env = Run.env(Files.createDirectories(tmp.resolve("home")));
        Files.createDirectories(tmp.resolve("work/sub"));
        tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "40",
                "cd " + tmp.resolve("work") + " && " + Run.ROOT.resolve("bin/airlock-sh") + "; echo EXITED=$?; sleep 60");
        awaitScreen("guarded shell");
    }

    @AfterEach
    void stop() throws Exception {
        tmux("kill-server");
    }

    private void tmux(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("tmux", "-L", server));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.start().waitFor();
    }

    private String screen() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("tmux", "-L", server, "capture-pane", "-p", "-t", session);
        pb.environment().putAll(env);
        Process p = pb.start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return s;
    }

    private String awaitScreen(String text) throws Exception {
        String s = "";
        for (int k = 0; k < 300; k++) {
            s = screen();
            if (s.contains(text)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw `" + text + "` on the screen:\n" + s);
    }

    private void type(String line) throws Exception {
        tmux("send-keys", "-t", session, "-l", line);
        tmux("send-keys", "-t", session, "Enter");
    }

    @Test
    void runsChecksAndRefusesCommandsAsAPersonTypesThem() throws Exception {
        type("cd sub && pwd");
        awaitScreen("/work/sub\n");
        awaitScreen("airlock:" + tmp.resolve("work/sub") + "$"); // capture-pane drops trailing blanks
        type("touch made-here");
        awaitScreen("airlock: refused: touch made-here");
        assertTrue(!Files.exists(tmp.resolve("work/sub/made-here")));
        type("cd / && echo now-at-$PWD");
        awaitScreen("now-at-/");
        type("rm -rf *");
        awaitScreen("deny (delete.catastrophic)");
        type("sleep 30");
        Thread.sleep(1500);
        tmux("send-keys", "-t", session, "C-c");
        type("echo status=$?");
        awaitScreen("status=130");
        type("for i in 1 2");
        type("do echo item$i");
        type("done");
        awaitScreen("item2");
        type("exit 3");
        awaitScreen("EXITED=3");
    }

    @Test
    void airlockRunAsksOnTheTerminalLikeSudo() throws Exception {
        String run = session + "-run";
        String work = tmp.resolve("work").toString();
        tmux("new-session", "-d", "-s", run, "-x", "150", "-y", "40", "cd " + work + " && "
                + Run.ROOT.resolve("bin/airlock") + " run -- touch 'run file'; echo RC=$?; "
                + Run.ROOT.resolve("bin/airlock") + " run -- touch refused-file; echo RC2=$?; sleep 30");
        try {
            String target = session;
            session = run;
            awaitScreen("run it? [y/N]");
            type("y");
            awaitScreen("RC=0");
            assertTrue(Files.exists(tmp.resolve("work/run file")));
            awaitScreen("touch refused-file");
            type("n");
            awaitScreen("RC2=126");
            assertTrue(!Files.exists(tmp.resolve("work/refused-file")));
            session = target;
        } finally {
            tmux("kill-session", "-t", run);
        }
    }
}
