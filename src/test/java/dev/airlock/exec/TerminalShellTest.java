package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * airlock on a real terminal (a tmux pane), answered as a person types: `airlock run` asks on the
 * terminal like sudo. (airlock-sh with no command on a terminal is the PTY session: SessionTest.)
 */
class TerminalShellTest {
    static final String PANE = "run";

    @TempDir
    Path tmp;
    Tmux tmux;

    @BeforeEach
    void start() throws Exception {
        tmux = new Tmux(Run.env(Files.createDirectories(tmp.resolve("home"))));
        Files.createDirectories(tmp.resolve("work"));
    }

    @AfterEach
    void stop() throws Exception {
        tmux.close();
    }

    @Test
    void airlockRunAsksOnTheTerminalLikeSudo() throws Exception {
        String work = tmp.resolve("work").toString();
        tmux.start(PANE, 150, 40, "cd " + work + " && " + Run.ROOT.resolve("bin/airlock") + " run -- touch 'run file'; echo RC=$?; "
                + Run.ROOT.resolve("bin/airlock") + " run -- touch refused-file; echo RC2=$?; sleep 30");
        tmux.await(PANE, "run it? [y/"); // [y/w/N] where a sandbox can be had
        tmux.type(PANE, "y");
        tmux.await(PANE, "RC=0");
        assertTrue(Files.exists(tmp.resolve("work/run file")));
        tmux.await(PANE, "touch refused-file");
        tmux.type(PANE, "n");
        tmux.await(PANE, "RC2=126");
        assertTrue(!Files.exists(tmp.resolve("work/refused-file")));
    }

    @Test
    void anApprovalOnTheTerminalCanConfineTheCommandToTheWorkspace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.airlock.sandbox.Bubblewrap.find().available(), "no sandbox here");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve(".git"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        // One approved command that writes in the workspace and outside it.
        tmux.start(PANE, 150, 40, "cd " + work + " && " + Run.ROOT.resolve("bin/airlock") + " run -- sh -c 'touch inside;"
                + " touch " + outside.resolve("escaped") + "'; echo RC=$?; sleep 30");
        tmux.await(PANE, "run it? [y/w/N]");
        tmux.type(PANE, "w");
        tmux.await(PANE, "RC=");
        assertTrue(Files.exists(work.resolve("inside")), "the workspace is writable");
        assertTrue(!Files.exists(outside.resolve("escaped")), "nothing outside the workspace is");
    }
}
