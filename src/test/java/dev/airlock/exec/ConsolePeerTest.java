package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only a person's console may approve. Real airlock-sh processes (started as agents start them) ask a
 * console on a real socket; consoles and fake consoles run as real processes, in a private tmux server
 * when they need a terminal. A fake console that approves everything shows each refusal is the check's.
 */
class ConsolePeerTest {
    static final Path ROOT = Run.ROOT;
    static final Path SHIM = Run.SHIM;

    @TempDir
    Path tmp;
    Path work;
    Path socket;
    Path log;
    Map<String, String> env;
    final Tmux tmux = new Tmux("airlock-peer-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        socket = tmp.resolve("run/console.sock");
        log = tmp.resolve("fake.log");
        env = Run.env(home);
        env.put("AIRLOCK_SOCKET", socket.toString());
        env.put("AIRLOCK_APPROVAL_TIMEOUT", "20");
        env.remove("AIRLOCK_APPROVER"); // the default: only this installation's console is asked
        // The person allows java and tmux for the agent, unconfined, as someone might: now the agent can start
        // processes that outlive its command (confined, they could not: SandboxEscapeTest).
        Path policy = Files.createDirectories(home.resolve(".config/airlock")).resolve("policy.json");
        Files.writeString(policy, "{\"airlock_policy\": 1, \"rules\": [{\"id\": \"me.tools\", \"decision\": \"allow\","
                + " \"sandbox\": \"none\", \"reason\": \"test\", \"match\": {\"program\": [\"java\", \"tmux\", \"setsid\", \"script\"]}}]}");
    }

    @AfterEach
    void tearDown() throws Exception {
        tmux.kill();
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("pid ")) {
                    ProcessHandle.of(Long.parseLong(line.substring(4))).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    private String fakeConsoleCommand() throws Exception {
        return Run.fakeConsole(log);
    }

    @Test
    void aFakeConsoleStartedThroughAirlockIsNeverAsked() throws Exception {
        // The agent starts a listener on the socket; its environment carries the guard marker.
        Process starter = agent(fakeConsoleCommand() + " >/dev/null 2>&1 &", "start");
        assertEquals(0, exit(starter), err("start"));
        awaitLog("pid ");
        Process asking = agent("touch by-fake", "ask");
        assertEquals(126, exit(asking));
        assertFalse(Files.exists(work.resolve("by-fake")), "the fake console approved a command");
        String err = err("ask");
        assertTrue(err.contains("airlock: ") && err.contains("airlock-guarded process tree"), err);
        assertFalse(Files.readString(log).contains("asked"), "the request reached the fake console");
    }

    @Test
    void aListenerWithoutATerminalIsNeverAsked() throws Exception {
        // Started outside airlock but detached from any terminal: not a person's console.
        ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", fakeConsoleCommand())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        started.add(pb.start());
        awaitLog("pid ");
        Process asking = agent("touch by-detached", "ask");
        assertEquals(126, exit(asking));
        assertFalse(Files.exists(work.resolve("by-detached")));
        assertTrue(err("ask").contains("has no terminal"), err("ask"));
        assertFalse(Files.readString(log).contains("asked"));
    }

    @Test
    void aListenerInAPersonsTerminalOutsideAirlockIsAsked() throws Exception {
        // The same approving program, started the way a person starts the console: with AIRLOCK_APPROVER=any
        // (another approver than `airlock console`) it is asked, and approves.
        env.put("AIRLOCK_APPROVER", "any");
        tmux.run(env, "new-session", "-d", "-s", "person", "-x", "120", "-y", "20", fakeConsoleCommand());
        awaitLog("pid ");
        Process asking = agent("touch by-person", "ask");
        assertEquals(0, exit(asking), err("ask"));
        assertTrue(Files.exists(work.resolve("by-person")));
        assertTrue(Files.readString(log).contains("asked"));
    }

    @Test
    void theConsoleRefusesToStartInsideAGuardedTree() throws Exception {
        // The agent's command starts a tmux server; the console in it descends from the guarded shell.
        Path out = tmp.resolve("console-screen.txt");
        String inner = ROOT.resolve("bin/airlock") + " console; echo CONSOLE_EXIT=$?; sleep 30";
        Process starter = agent("tmux -L " + tmux.name() + " new-session -d -s agent -x 120 -y 20 '" + inner + "'", "tmux");
        assertEquals(0, exit(starter), err("tmux"));
        String screen = tmux.await("agent", "CONSOLE_EXIT=");
        Files.writeString(out, screen);
        assertTrue(screen.contains("airlock: refusing to start the console inside an airlock-guarded process tree"),
                screen);
        assertTrue(screen.contains("CONSOLE_EXIT=126"), screen);
        assertFalse(screen.contains("Exception") || screen.contains("at dev.airlock"), screen);
        assertFalse(Files.exists(socket), "the refused console bound the socket");
    }

    @Test
    void aConsoleStartedByAPersonStillWorks() throws Exception {
        tmux.run(env, "new-session", "-d", "-s", "real", "-x", "150", "-y", "40", ROOT.resolve("bin/airlock") + " console");
        tmux.await("real", "airlock console:");
        Process asking = agent("touch approved-by-person", "ask");
        tmux.await("real", "touch approved-by-person");
        tmux.run(env, "send-keys", "-t", "real", "y");
        assertEquals(0, exit(asking), err("ask"));
        assertTrue(Files.exists(work.resolve("approved-by-person")));
    }

    @Test
    void aListenerThatIsNotTheConsoleIsNotAskedByDefault() throws Exception {
        // A person's terminal, no guarded ancestor, but not `airlock console`: by default it is not asked.
        tmux.run(env, "new-session", "-d", "-s", "person", "-x", "120", "-y", "20", fakeConsoleCommand());
        awaitLog("pid ");
        Process asking = agent("touch by-other", "ask");
        assertEquals(126, exit(asking));
        assertFalse(Files.exists(work.resolve("by-other")));
        assertTrue(err("ask").contains("is not this installation's `airlock console`"), err("ask"));
        assertFalse(Files.readString(log).contains("asked"));
    }

    @Test
    void anApproverStartedWithExecDashCInADaemonisedTmuxIsNeverAsked() throws Exception {
        // `exec -c` empties the environment of tmux, whose server double-forks away from airlock-sh, and whose
        // pane is a new terminal: no marker in any environment, no airlock-sh among the ancestors.
        env.put("AIRLOCK_APPROVER", "any"); // only the guard mark can tell it from a person's approver
        Process starter = agent("exec -c tmux -L " + tmux.name() + " new-session -d -s agent '" + fakeConsoleCommand()
                + " @" + socketName() + "'", "start");
        assertEquals(0, exit(starter), err("start"));
        awaitLog("pid ");
        Process asking = agent("touch by-tmux", "ask");
        assertEquals(126, exit(asking));
        assertFalse(Files.exists(work.resolve("by-tmux")), "the escaped approver approved a command");
        assertTrue(err("ask").contains("guard mark"), err("ask"));
        assertFalse(Files.readString(log).contains("asked"), "the request reached the escaped approver");
    }

    @Test
    void anOrphanReExecedWithoutItsEnvironmentInANewPtyIsNeverAsked() throws Exception {
        // exec -c drops the environment, setsid -f forks and lets the parent exit (the child is orphaned),
        // script gives it a new pseudo-terminal: the approver it starts has a terminal and a clean tree.
        env.put("AIRLOCK_APPROVER", "any");
        Process starter = agent("exec -c setsid -f script -qefc '" + fakeConsoleCommand() + " @" + socketName() + "' /dev/null",
                "start");
        assertEquals(0, exit(starter), err("start"));
        awaitLog("pid ");
        long pid = Long.parseLong(Files.readAllLines(log).get(0).substring(4));
        assertTrue(GuardedTreeView.hasTerminal(pid), "the orphan has a terminal of its own");
        Process asking = agent("touch by-orphan", "ask");
        assertEquals(126, exit(asking));
        assertFalse(Files.exists(work.resolve("by-orphan")), "the orphaned approver approved a command");
        assertTrue(err("ask").contains("guard mark"), err("ask"));
        assertFalse(Files.readString(log).contains("asked"), "the request reached the orphaned approver");
    }

    @Test
    void aSocketRenamedOverTheConsolesIsNeverAskedAndTheConsoleTakesThePathBack() throws Exception {
        // `; true` keeps sh between tmux and the console: tmux resumes a stopped child of its own at once.
        tmux.run(env, "new-session", "-d", "-s", "real", "-x", "200", "-y", "40", ROOT.resolve("bin/airlock") + " console; true");
        tmux.await("real", "airlock console:");
        long console = consolePid();
        // The console is held still (as a busy machine might), so the swapped socket stays on the path while
        // airlock-sh asks; the person's socket is still bound to the name, under a hard link.
        signal("STOP", console);
        try {
            Process starter = agent(Run.squatter(log, "approve") + " >/dev/null 2>&1 &", "start");
            assertEquals(0, exit(starter), err("start"));
            awaitLog("pid ");
            Process asking = agent("touch by-swap", "ask");
            assertEquals(126, exit(asking));
            assertFalse(Files.exists(work.resolve("by-swap")), "the swapped-in socket approved a command");
            assertTrue(err("ask").contains("guard mark"), err("ask"));
            assertFalse(Files.readString(log).contains("asked"), "the request reached the swapped-in socket");
        } finally {
            signal("CONT", console);
        }
        // The console sees its path lead elsewhere, says so, and takes it back.
        String screen = tmux.await("real", "taken back");
        assertTrue(screen.contains("warning:"), screen);
        Process asking = agent("touch after-takeback", "ask2");
        tmux.await("real", "touch after-takeback");
        tmux.run(env, "send-keys", "-t", "real", "y");
        assertEquals(0, exit(asking), err("ask2"));
        assertTrue(Files.exists(work.resolve("after-takeback")));
        assertFalse(Files.readString(log).contains("asked"));
    }

    @Test
    void aRelayThroughASwappedSocketNeverPutsItsOwnRequestBeforeThePerson() throws Exception {
        // `; true` keeps sh between tmux and the console: tmux resumes a stopped child of its own at once.
        tmux.run(env, "new-session", "-d", "-s", "real", "-x", "200", "-y", "40", ROOT.resolve("bin/airlock") + " console; true");
        tmux.await("real", "airlock console:");
        long console = consolePid();
        signal("STOP", console);
        Process asking;
        try {
            Process starter = agent(Run.squatter(log, "relay") + " >/dev/null 2>&1 &", "start");
            assertEquals(0, exit(starter), err("start"));
            awaitLog("pid ");
            asking = agent("touch by-relay", "ask");
            // Either airlock-sh refuses the relay at once, or the relay got the request and is waiting on the person.
            for (int k = 0; k < 600 && asking.isAlive() && !Files.readString(log).contains("asked"); k++) {
                Thread.sleep(100);
            }
        } finally {
            signal("CONT", console);
        }
        // A person who sees a harmless-looking request approves it, as the relay hopes.
        for (int k = 0; k < 600 && asking.isAlive(); k++) {
            if (tmux.screen("real").contains("harmless-looking")) {
                tmux.run(env, "send-keys", "-t", "real", "y");
            }
            Thread.sleep(100);
        }
        assertEquals(126, exit(asking));
        assertFalse(Files.exists(work.resolve("by-relay")), "the relayed approval ran the real command");
        assertTrue(err("ask").contains("guard mark"), err("ask"));
        assertFalse(Files.readString(log).contains("asked"), "the request reached the relay");
    }

    @Test
    void theConsoleNamesWhoAsksFromTheKernelNotFromTheRequest() throws Exception {
        tmux.run(env, "new-session", "-d", "-s", "real", "-x", "200", "-y", "40", ROOT.resolve("bin/airlock") + " console");
        tmux.await("real", "airlock console:");
        // This test's JVM asks, claiming to be Claude Code's airlock-sh.
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            dev.airlock.approval.Protocol.writeLine(ch, "{\"type\":\"request\",\"id\":\"forged-1\",\"command\":\"echo claims\","
                    + "\"cwd\":\"/\",\"decision\":\"ask\",\"reasons\":[\"r\"],\"rules\":[\"x\"],\"agent\":\"claude-code\","
                    + "\"process_chain\":[\"claude(4123)\",\"airlock-sh(4188)\"],\"pid\":4188,\"timeout_s\":60}");
            String screen = tmux.await("real", "echo claims");
            screen = tmux.await("real", "(" + ProcessHandle.current().pid() + ")");
            assertFalse(screen.contains("claude(4123)") || screen.contains("airlock-sh(4188)"), screen);
        }
    }

    @Test
    void thePersonsConsoleStartsOverASquatterAndSaysSo() throws Exception {
        env.put("AIRLOCK_APPROVER", "any");
        Process starter = agent(fakeConsoleCommand() + " >/dev/null 2>&1 &", "start");
        assertEquals(0, exit(starter), err("start"));
        awaitLog("pid ");
        tmux.run(env, "new-session", "-d", "-s", "real", "-x", "250", "-y", "40", ROOT.resolve("bin/airlock") + " console");
        String screen = tmux.await("real", "airlock console:");
        screen = tmux.await("real", "took the socket over");
        assertTrue(screen.contains("warning: something else was answering on " + socket), screen);
        assertTrue(screen.contains("guard mark"), screen);
        Process asking = agent("touch for-the-person", "ask");
        tmux.await("real", "touch for-the-person");
        tmux.run(env, "send-keys", "-t", "real", "y");
        assertEquals(0, exit(asking), err("ask"));
        assertTrue(Files.exists(work.resolve("for-the-person")));
        assertFalse(Files.readString(log).contains("asked"), "the request reached the squatter");
    }

    /** A file naming the socket: the attacker finds the path at run time, as a program can. */
    private Path socketName() throws Exception {
        return Files.writeString(tmp.resolve("socket-name"), socket.toString());
    }

    private long consolePid() throws Exception {
        Path pid = socket.resolveSibling(socket.getFileName() + ".pid");
        for (int k = 0; k < 300 && !Files.exists(pid); k++) {
            Thread.sleep(100);
        }
        return Long.parseLong(Files.readString(pid).strip());
    }

    private static void signal(String name, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor());
    }

    /** The terminal check, as airlock-sh makes it. */
    private static final class GuardedTreeView {
        static boolean hasTerminal(long pid) {
            return dev.airlock.approval.GuardedTree.hasTerminal(pid);
        }
    }

    /** airlock-sh as an agent starts it: own session, stdin /dev/null, output to files named by {@code tag}. */
    private Process agent(String command, String tag) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("setsid", SHIM.toString(), "-c", command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(tmp.resolve("out-" + tag + ".txt").toFile())
                .redirectError(tmp.resolve("err-" + tag + ".txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String err(String tag) throws Exception {
        return Files.readString(tmp.resolve("err-" + tag + ".txt"));
    }

    private static int exit(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "airlock-sh did not finish");
        return p.exitValue();
    }

    private void awaitLog(String text) throws Exception {
        for (int k = 0; k < 300; k++) {
            if (Files.exists(log) && Files.readString(log).contains(text) && Files.exists(socket)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the fake console never started: " + (Files.exists(log) ? Files.readString(log) : "no log"));
    }
}
