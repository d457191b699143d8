package dev.airlock.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.airlock.testing.Tmux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `airlock console` in a tmux pane, answered with keys as a person would, while real airlock-sh
 * processes (started as agents start them) wait for the answer.
 */
class ConsoleTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final Path SHIM = ROOT.resolve("bin/shim/bash");

    @TempDir
    Path tmp;
    Path work;
    Path socket;
    Map<String, String> env;
    String session;
    Tmux tmux;

    @BeforeEach
    void start() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        socket = tmp.resolve("run/console.sock");
        env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("AIRLOCK_SOCKET", socket.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("AIRLOCK_RESIDENT", dev.airlock.testing.TestEnv.resident() ? "1" : "0");
        session = "airlock-console-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        tmux = new Tmux(env);
        startConsole(session);
    }

    @AfterEach
    void stop() throws Exception {
        tmux.close();
    }

    private static final String CONSOLE = ROOT.resolve("bin/airlock") + " console; echo CONSOLE_EXIT=$?; sleep 60";

    private void startConsole(String name) throws Exception {
        tmux.start(name, 150, 40, CONSOLE);
        awaitScreen(name, "airlock console:");
    }

    /** Waits until a console other than {@code old} has written its pid, i.e. listens (a minute at most). */
    private void awaitNewConsole(String old) throws Exception {
        Path pidFile = socket.resolveSibling("console.sock.pid");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            String pid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
            if (!pid.isEmpty() && !pid.equals(old)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no new console started");
    }

    private void tmux(String... args) throws Exception {
        tmux.run(args);
    }

    private String screen(String target) throws Exception {
        return tmux.screen(target);
    }

    private String awaitScreen(String target, String text) throws Exception {
        return tmux.await(target, text);
    }

    private void keys(String... keys) throws Exception {
        tmux.keys(session, keys);
    }

    /** airlock-sh as an agent starts it: own session, stdin /dev/null, output to files. */
    private Process agent(String command, Map<String, String> extra) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("setsid", SHIM.toString(), "-c", command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(tmp.resolve("out-" + command.hashCode() + ".txt").toFile())
                .redirectError(tmp.resolve("err-" + command.hashCode() + ".txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        return pb.start();
    }

    private String err(String command) throws Exception {
        return Files.readString(tmp.resolve("err-" + command.hashCode() + ".txt"));
    }

    private static int exit(Process p) throws Exception {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "airlock-sh did not finish");
        return p.exitValue();
    }

    @Test
    void approvingWithYRunsTheCommand() throws Exception {
        Process p = agent("touch approved", Map.of());
        awaitScreen(session, "touch approved");
        keys("y");
        assertEquals(0, exit(p));
        assertTrue(Files.exists(work.resolve("approved")));
        awaitScreen(session, "approved  touch approved");
    }

    @Test
    void approvingWithWRunsTheCommandConfinedToTheWorkspace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.airlock.sandbox.Bubblewrap.find().available(), "no sandbox here");
        Files.createDirectories(work.resolve(".git"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        String command = "touch in-workspace " + outside.resolve("escaped");
        Process p = agent(command, Map.of());
        awaitScreen(session, "w: approve confined to the workspace");
        keys("w");
        assertEquals(1, exit(p), "touch fails for the file outside the workspace");
        assertTrue(Files.exists(work.resolve("in-workspace")));
        assertFalse(Files.exists(outside.resolve("escaped")));
        awaitScreen(session, "approved  " + command);
        String log = Files.readString(Path.of(env.get("HOME"), ".local/state/airlock/audit.jsonl"));
        assertTrue(log.contains("\"sandbox\":\"workspace\""), log);
    }

    @Test
    void denyingWithNRunsNothing() throws Exception {
        Process p = agent("touch denied", Map.of());
        awaitScreen(session, "touch denied");
        keys("n");
        assertEquals(126, exit(p));
        assertFalse(Files.exists(work.resolve("denied")));
    }

    @Test
    void aNoteReachesTheAgent() throws Exception {
        Process p = agent("touch with-note", Map.of());
        awaitScreen(session, "touch with-note");
        keys("d");
        awaitScreen(session, "note for the agent");
        keys("-l", "use the build dir");
        keys("Enter");
        assertEquals(126, exit(p));
        assertTrue(err("touch with-note").contains("use the build dir"), err("touch with-note"));
    }

    @Test
    void fiveConcurrentRequestsAreAnsweredOneByOne() throws Exception {
        List<Process> agents = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            agents.add(agent("touch file-" + k, Map.of()));
        }
        try {
            awaitScreen(session, "5 waiting");
        } catch (AssertionError e) {
            // Say what the missing request's airlock-sh did: still starting, or ended, and its stderr.
            StringBuilder why = new StringBuilder(e.getMessage());
            for (int k = 0; k < 5; k++) {
                Process p = agents.get(k);
                why.append("\nfile-").append(k).append(": ").append(p.isAlive() ? "running" : "exit " + p.exitValue())
                        .append(", stderr: ").append(err("touch file-" + k));
            }
            throw new AssertionError(why.toString(), e);
        }
        for (int k = 0; k < 5; k++) {
            keys("y");
            awaitScreen(session, (4 - k) + " waiting");
        }
        for (int k = 0; k < 5; k++) {
            assertEquals(0, exit(agents.get(k)));
            assertTrue(Files.exists(work.resolve("file-" + k)));
        }
    }

    @Test
    void anUnansweredRequestTimesOut() throws Exception {
        long start = System.nanoTime();
        Process p = agent("touch too-slow", Map.of("AIRLOCK_APPROVAL_TIMEOUT", "3"));
        assertEquals(126, exit(p));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds >= 3, "denied after " + seconds + " s");
        assertTrue(err("touch too-slow").contains("no answer within 3 s"), err("touch too-slow"));
        awaitScreen(session, "withdrawn touch too-slow");
    }

    @Test
    void aSecondConsoleIsRefused() throws Exception {
        String second = session + "-2";
        tmux("new-session", "-d", "-s", second, "-x", "120", "-y", "20",
                ROOT.resolve("bin/airlock") + " console; echo SECOND_EXIT=$?; sleep 30");
        try {
            String s = awaitScreen(second, "SECOND_EXIT=1");
            assertTrue(s.contains("airlock: a console is already running (pid"), s);
        } finally {
            tmux("kill-session", "-t", second);
        }
    }

    @Test
    void killingTheConsoleMidRequestDeniesAtOnceAndAStaleSocketIsReplaced() throws Exception {
        Process p = agent("touch orphaned", Map.of());
        awaitScreen(session, "touch orphaned");
        String pid = Files.readString(socket.resolveSibling("console.sock.pid")).strip();
        long start = System.nanoTime();
        new ProcessBuilder("kill", "-KILL", pid).start().waitFor();
        assertEquals(126, exit(p));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3000, "denied within the second the console died");
        assertTrue(Files.exists(socket), "a killed console leaves its socket behind");
        // A new console in the same pane. Not kill-session and new-session: killing the last session ends the
        // tmux server, and a new-session right after could reach the exiting server and start nothing.
        tmux("respawn-pane", "-k", "-t", session, CONSOLE);
        awaitNewConsole(pid);
        awaitScreen(session, "airlock console:");
        Process again = agent("touch after-restart", Map.of());
        awaitScreen(session, "touch after-restart");
        keys("y");
        assertEquals(0, exit(again));
    }

    @Test
    void garbageOnTheSocketChangesNothingAndTheConsoleStaysResponsive() throws Exception {
        for (String junk : List.of("not json\n", "{\"type\":\"decision\",\"id\":\"x\",\"decision\":\"approve\"}\n",
                "{\"type\":\"request\"}\n", "x".repeat((1 << 20) + 10))) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                int read;
                try {
                    ch.write(ByteBuffer.wrap(junk.getBytes(StandardCharsets.UTF_8)));
                    read = ch.read(ByteBuffer.allocate(64));
                } catch (java.io.IOException closedOnUs) {
                    read = -1; // the console hung up mid-message (the oversized one): also no answer
                }
                assertEquals(-1, read, "the console answers nothing to `" + junk.substring(0, Math.min(10, junk.length())) + "`");
            }
        }
        SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX);
        silent.connect(UnixDomainSocketAddress.of(socket));
        Process p = agent("touch still-works", Map.of());
        awaitScreen(session, "touch still-works");
        assertTrue(screen(session).contains("1 waiting"), "junk never shows as a request");
        keys("y");
        assertEquals(0, exit(p));
        silent.close();
    }

    @Test
    void codexNestedStartShowsOneRequestAndRunsOnceApproved() throws Exception {
        String shimDir = SHIM.getParent().toString();
        com.fasterxml.jackson.databind.JsonNode cases = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ROOT.resolve("src/test/resources/agents/cases.json").toFile());
        String prelude = null;
        for (com.fasterxml.jackson.databind.JsonNode c : cases) {
            if (c.path("agent").asText().equals("codex") && c.path("purpose").asText().equals("command")
                    && c.path("case").asText().equals("c1_ls") && c.hasNonNull("argv")) {
                prelude = c.get("argv").get(2).asText();
                break;
            }
        }
        String text = prelude.replace("<CAPTURE>/shim", shimDir).replace("<CAPTURE>", tmp.toString())
                .replace("<SESSION_UUID>", "0199aaaa").replace("<TIMESTAMP_NS>", "1764000000000000000")
                .replace("-c 'ls -la'", "-c 'touch nested-once'");
        Process p = agent(text, Map.of());
        awaitScreen(session, "touch nested-once");
        assertTrue(screen(session).contains("1 waiting"), screen(session));
        keys("y");
        assertEquals(0, exit(p));
        assertTrue(Files.exists(work.resolve("nested-once")));
        Thread.sleep(500);
        assertTrue(screen(session).contains("0 waiting"), "the inner start asked nothing:\n" + screen(session));
    }

    @Test
    void resizingRedrawsToTheNewWidth() throws Exception {
        String command = "touch " + "w".repeat(120);
        Process p = agent(command, Map.of());
        awaitScreen(session, "touch wwww");
        // Shrinking cuts every line at 60 columns; growing again shows the whole command only if the
        // console redrew itself for the new size.
        tmux("resize-window", "-t", session, "-x", "60", "-y", "20");
        Thread.sleep(1000);
        assertFalse(screen(session).contains(command));
        tmux("resize-window", "-t", session, "-x", "200", "-y", "40");
        awaitScreen(session, "command: " + command);
        keys("n");
        assertEquals(126, exit(p));
    }

    @Test
    void approveAlwaysShowsTheRuleSavesItAndTheSameCommandThenRunsWithoutAsking() throws Exception {
        Process p = agent("touch always-file", Map.of());
        awaitScreen(session, "touch always-file");
        keys("a");
        awaitScreen(session, "approve always: allow `touch always-file` (exactly these words) in " + work);
        keys("Enter");
        assertEquals(0, exit(p));
        Path policy = Path.of(env.get("HOME"), ".config/airlock/policy.json");
        String saved = Files.readString(policy);
        assertTrue(saved.contains("\"argv\" : [ \"always-file\" ]") && saved.contains("\"cwd_under\" : \"" + work + "\""), saved);
        Files.delete(work.resolve("always-file"));
        Process again = agent("touch always-file", Map.of());
        assertEquals(0, exit(again), "the remembered rule allows it without a question");
        assertTrue(Files.exists(work.resolve("always-file")));
        String log = Files.readString(Path.of(env.get("HOME"), ".local/state/airlock/audit.jsonl"));
        assertTrue(log.contains("\"approver\":\"remembered\""), log);
        Process other = agent("touch another-file", Map.of("AIRLOCK_APPROVAL_TIMEOUT", "2"));
        assertEquals(126, exit(other), "other words still ask");
    }

    @Test
    void aFloodOfAThousandRequestsNeitherApprovesAnythingNorStopsTheConsole() throws Exception {
        List<SocketChannel> flood = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            String line = "{\"type\":\"request\",\"id\":\"flood-" + k + "\",\"command\":\"touch flood-" + k
                    + "\",\"cwd\":\"" + work + "\",\"reasons\":[],\"rules\":[],\"timeout_s\":120}\n";
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            flood.add(ch);
        }
        awaitScreen(session, "1000 waiting");
        keys("j");
        keys("j");
        awaitScreen(session, "> 3. touch flood-"); // arrival order among the flood is the scheduler's
        for (SocketChannel ch : flood) {
            ch.close();
        }
        awaitScreen(session, "0 waiting");
        Process p = agent("touch after-flood", Map.of());
        awaitScreen(session, "touch after-flood");
        keys("y");
        assertEquals(0, exit(p));
        try (var files = Files.list(work)) {
            assertEquals(List.of(work.resolve("after-flood")), files.toList(), "nothing from the flood was run");
        }
    }

    @Test
    void theWordsBehindTheDecisionAreMarkedInTheCommand() throws Exception {
        Process p = agent("ls && touch marked-file", Map.of());
        awaitScreen(session, "touch marked-file");
        String escaped = tmux.run("capture-pane", "-e", "-p", "-t", session);
        String line = escaped.lines().filter(l -> l.contains("command:")).findFirst().orElseThrow();
        // underline (SGR 4), possibly with a colour after it, starts right at `touch`, and not at `ls`
        assertTrue(line.matches(".*\u001b\\[4m(\u001b\\[[0-9;]*m)*touch.*"), line);
        assertFalse(line.matches(".*\u001b\\[4m(\u001b\\[[0-9;]*m)*ls .*"), line);
        keys("n");
        assertEquals(126, exit(p));
    }
}
