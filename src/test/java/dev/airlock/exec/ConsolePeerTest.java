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
        // The person allows java and tmux for the agent, unconfined, as someone might: now the agent can start
        // processes that outlive its command (confined, they could not: SandboxEscapeTest).
        Path policy = Files.createDirectories(home.resolve(".config/airlock")).resolve("policy.json");
        Files.writeString(policy, "{\"airlock_policy\": 1, \"rules\": [{\"id\": \"me.tools\", \"decision\": \"allow\","
                + " \"sandbox\": \"none\", \"reason\": \"test\", \"match\": {\"program\": [\"java\", \"tmux\"]}}]}");
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
        // The same approving program, started the way a person starts the console: it is asked, and approves.
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
