package dev.airlock.session;

import dev.airlock.testing.ConsolePeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approval.Protocol;
import dev.airlock.testing.Garbage;
import dev.airlock.testing.TestEnv;
import dev.airlock.testing.Tmux;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `airlock session` in a tmux pane, typed into as a person (or a terminal-driving agent) types:
 * real bash on a real PTY, the real jar, a real audit log, and for `ask` a real peer speaking the
 * console protocol on the console socket.
 */
class SessionTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final String PANE = "s";
    /** The prompt the test's ~/.bashrc sets: seeing it proves the user's rc file is sourced. */
    static final String PROMPT = "test-prompt:";

    @TempDir
    Path tmp;
    Path home;
    Path work;
    Path socket;
    Map<String, String> env;
    Tmux tmux;

    @BeforeEach
    void start() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("sub"));
        socket = tmp.resolve("run/console.sock");
        Files.writeString(home.resolve(".bashrc"), "PS1='" + PROMPT + "\\w%% '\n"); // `%` is special to jline
        env = new HashMap<>(TestEnv.forHome(home));
        env.put("AIRLOCK_SOCKET", socket.toString());
        tmux = new Tmux(env);
    }

    @AfterEach
    void stop() throws Exception {
        tmux.close();
        // The session may still be logging its last command as the pane goes (on a loaded machine, for
        // seconds): JUnit deletes the test's home only once no process of this test uses it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses().anyMatch(p -> usesHome(p.pid()))) {
            Thread.sleep(100);
        }
    }

    /** Whether process {@code pid} runs with this test's home (HOME in its environment). */
    private boolean usesHome(long pid) {
        try {
            String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.ISO_8859_1);
            return ("\0" + environ).contains("\0HOME=" + home + "\0");
        } catch (java.io.IOException | RuntimeException gone) {
            return false;
        }
    }

    /** Starts the session in the pane; after it ends the pane shows its status and the terminal's mode. */
    private void session(String launcher) throws Exception {
        tmux.start(PANE, 120, 40, "cd " + work + " && " + launcher + "; echo EXITED=$?; echo MODE=$(stty -a | tr ' ' '\\n'"
                + " | grep -x -e icanon -e echo -e -icanon -e -echo); sleep 600");
        tmux.await(PANE, PROMPT + work);
    }

    private void session() throws Exception {
        session(ROOT.resolve("bin/airlock") + " session");
    }

    private void type(String line) throws Exception {
        tmux.type(PANE, line);
    }

    private String await(String text) throws Exception {
        return tmux.awaitHistory(PANE, text);
    }

    /** The session's audit records, oldest first. */
    private List<JsonNode> audit() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Path log = home.resolve(".local/state/airlock/audit.jsonl");
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                out.add(new ObjectMapper().readTree(line));
            }
        }
        return out;
    }

    /** The result record of {@code command}, waited for: it is written as the command's line ends, after its output. */
    private JsonNode result(String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            for (JsonNode r : audit()) {
                if (r.path("event").asText().equals("result") && r.path("command").asText().equals(command)) {
                    return r;
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no result record for `" + command + "` in " + audit());
    }

    /**
     * The session's bash: the ancestor of {@code pid} whose parent is airlock's JVM. A confined command runs
     * a few processes below it (bwrap and a bash of its own); an unconfined one is its child.
     */
    private static long sessionShell(long pid) {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        while (true) {
            ProcessHandle parent = p.parent().orElseThrow();
            if (parent.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                return p.pid();
            }
            p = parent;
        }
    }

    @Test
    void runsAReadOnlyCommandAndCdPersists() throws Exception {
        session();
        type("echo hello-$((6*7))");
        await("hello-42");
        type("cd sub");
        await(PROMPT + work.resolve("sub") + "%%");
        type("pwd");
        await("\n" + work.resolve("sub") + "\n");
    }

    @Test
    void codeRunsConfinedOnTheTerminalCannotWriteNorPushKeysAndStateCarries() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.airlock.sandbox.Bubblewrap.find().available(), "no sandbox here");
        session();
        type("cd sub && X=kept python3 -c \"open('made.txt','w')\"; echo status=$?");
        String s = await("status=1");
        assertTrue(s.contains("Read-only file system"), s);
        assertFalse(Files.exists(work.resolve("sub/made.txt")));
        type("pwd; Y=two; ls >/dev/null");
        await(work.resolve("sub") + "\n");
        type("echo y=$Y");
        await("y=two");
        // TIOCSTI would push keys into the terminal as if typed: refused inside the sandbox.
        type("python3 -c \"import fcntl,termios\ntry:\n  fcntl.ioctl(0, termios.TIOCSTI, b'x')\n  print('PUSH' + 'ED')\n"
                + "except OSError as e:\n  print('refused', e.errno)\"");
        String pushed = await("refused 13");
        assertFalse(pushed.contains("PUSHED"), pushed);
        JsonNode decision = audit().stream().filter(r -> r.path("event").asText().equals("decision")).findFirst().orElseThrow();
        assertEquals("sandbox", decision.path("approver").asText(), decision.toString());
        assertEquals("read-only", decision.path("sandbox").asText(), decision.toString());
    }

    @Test
    void aDeniedCommandNeverReachesTheShell() throws Exception {
        session();
        // ask with no console: refused; deny (airlock's own policy file): refused whatever happens
        type("touch marker-asked");
        await("airlock: refused: touch marker-asked");
        Path policy = home.resolve(".config/airlock/policy.json");
        type("mkdir -p " + policy.getParent() + " && echo '{}' > " + policy);
        await("airlock: refused: mkdir -p");
        type("echo status=$?");
        await("status=126");
        assertFalse(Files.exists(work.resolve("marker-asked")));
        assertFalse(Files.exists(policy.getParent()));
        assertTrue(audit().stream().noneMatch(r -> r.path("event").asText().equals("result")
                && r.path("command").asText().startsWith("touch")), "a refused command has no result");
    }

    @Test
    void withNoConsoleAnAskIsRefusedWithoutFirstSayingItAsksAndWithoutSuggestingTheTerminal() throws Exception {
        session();
        type("touch marker-asked");
        String screen = await("airlock: stop here and ask your user").replace("\n", ""); // lines wrap at 120 columns
        assertTrue(screen.contains("start `airlock console` in a terminal of your own, then run the command again"), screen);
        assertTrue(screen.contains("airlock: needs approval (write.files)"), screen);
        assertFalse(screen.contains("asking `airlock console`"), "nothing was asked: " + screen);
        assertFalse(screen.contains("AIRLOCK_APPROVAL=tty"), "a session ignores it: " + screen);
    }

    @Test
    void aMultiLineForLoopIsClassifiedWholeAndRuns() throws Exception {
        session();
        type("for i in 1 2 3");
        type("do echo item-$i");
        type("done");
        String s = await("item-3");
        assertTrue(s.contains("for i in 1 2 3\n> do echo item-$i\n> done\nitem-1\nitem-2\n"), s);
        JsonNode r = result("for i in 1 2 3\ndo echo item-$i\ndone");
        assertEquals(0, r.path("exit").asInt());
    }

    @Test
    void anOpenQuoteAndAHereDocumentAskForMoreLines() throws Exception {
        session();
        type("echo 'one");
        type("two'");
        await("one\ntwo");
        type("cat <<EOF && echo after-\\");
        type("doc");
        type("hello-doc");
        type("EOF");
        await("after-doc");
        await("hello-doc\nafter-doc");
    }

    @Test
    void ctrlCStopsARunningCommandAndTheStatusIsRight() throws Exception {
        session();
        type("sleep 30");
        awaitRunning(30); // Ctrl-C before then would only clear the line being typed
        tmux.keys(PANE, "C-c");
        type("echo status=$?");
        await("status=130");
        type("false");
        type("echo status=$?");
        await("status=1");
        assertEquals(130, result("sleep 30").path("exit").asInt());
        assertEquals("INT", result("sleep 30").path("signal").asText());
    }

    @Test
    void ctrlZStopsACommandAndFgBringsItBack() throws Exception {
        session();
        type("sleep 31");
        awaitRunning(31);
        tmux.keys(PANE, "C-z");
        await("Stopped");
        type("fg");
        awaitRunning(31); // continued, in the foreground again
        tmux.keys(PANE, "C-c");
        type("echo after-fg");
        await("after-fg");
        assertEquals(148, result("sleep 31").path("exit").asInt());
    }

    @Test
    void lessShowsAFileAndQuitsWithQ() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int k = 1; k <= 200; k++) {
            lines.append("line-").append(k).append('\n');
        }
        Files.writeString(work.resolve("lines.txt"), lines);
        session();
        type("less lines.txt");
        tmux.await(PANE, "line-30");
        assertFalse(tmux.screen(PANE).contains("line-60"), "less shows one screen");
        tmux.keys(PANE, "q");
        type("echo back-from-less");
        tmux.await(PANE, "back-from-less");
        assertEquals(0, result("less lines.txt").path("exit").asInt());
    }

    @Test
    void aResizedWindowReachesTheShellsTerminal() throws Exception {
        session();
        type("echo cols=$(tput cols) lines=$(tput lines)");
        await("cols=120 lines=40");
        tmux.run("resize-window", "-t", PANE, "-x", "90", "-y", "25");
        tmux.awaitThat(PANE, "the new size", false, s -> s.lines().count() == 25);
        type("echo cols=$(tput cols) lines=$(tput lines)");
        await("cols=90 lines=25");
    }

    @Test
    void ctrlDEndsTheSessionWithTheShellsStatusAndNoProcessLeft() throws Exception {
        session();
        type("sleep 4243 &");
        await("[1]");
        awaitRunning(4243); // "[1]" comes when bash forks the job, maybe before the child is sleep
        assertFalse(sleeping(4243).isEmpty(), "the background job runs");
        type("echo before-ctrl-d; false");
        await("before-ctrl-d\n" + PROMPT);
        tmux.keys(PANE, "C-d");
        await("EXITED=1");
        await("MODE=icanon echo"); // the terminal is cooked again
        assertEquals(List.of(), sleeping(4243), "nothing of the session outlives it");
    }

    @Test
    void exitEndsTheSessionWithItsStatus() throws Exception {
        session();
        type("exit 7");
        await("EXITED=7");
        assertEquals(7, result("exit 7").path("exit").asInt());
    }

    @Test
    void keysTypedDuringACommandThatNoProgramReadBecomeTheNextCommand() throws Exception {
        session();
        type("sleep 2");
        type("touch typed-ahead");
        await("airlock: refused: touch typed-ahead"); // checked like any command line
        type("cat");
        type("read-by-cat");
        tmux.keys(PANE, "C-d");
        await("read-by-cat\nread-by-cat");
        assertFalse(Files.exists(work.resolve("typed-ahead")));
    }

    @Test
    void anAskIsApprovedOrDeniedByAConsolePeerAndApprovedProgramsGetTheKeyboard() throws Exception {
        try (ConsolePeer peer = ConsolePeer.listen(socket)) {
            session();
            type("touch approved-file");
            JsonNode first = peer.answer(true);
            assertEquals("touch approved-file", first.path("command").asText());
            assertEquals(work.toString(), first.path("cwd").asText());
            type("ls approved-file && echo listed");
            await("listed");
            type("touch denied-file");
            peer.answer(false);
            await("airlock: refused: touch denied-file");
            // A program that writes needs approval; once approved it has the keyboard.
            type("bash --norc --noprofile -c 'read -r line; echo \"got-$line\" > typed-file'");
            JsonNode nested = peer.answer(true);
            assertTrue(nested.path("command").asText().startsWith("bash --norc"), nested.toString());
            type("from-the-keyboard");
            type("echo nested-done");
            await("nested-done");
        }
        assertEquals("got-from-the-keyboard\n", Files.readString(work.resolve("typed-file")));
        assertTrue(Files.exists(work.resolve("approved-file")));
        assertFalse(Files.exists(work.resolve("denied-file")));
        JsonNode decision = audit().stream().filter(r -> r.path("event").asText().equals("decision")
                && r.path("command").asText().equals("touch approved-file")).findFirst().orElseThrow();
        assertEquals("console", decision.path("approver").asText());
        assertEquals(0, result("touch approved-file").path("exit").asInt());
    }

    @Test
    void ctrlCWithdrawsAWaitingRequest() throws Exception {
        try (ConsolePeer peer = ConsolePeer.listen(socket)) {
            session();
            type("touch withdrawn-file");
            peer.await();
            tmux.keys(PANE, "C-c");
            await("withdrawn at the terminal");
            type("echo still-here");
            await("still-here");
        }
        assertFalse(Files.exists(work.resolve("withdrawn-file")));
        JsonNode decision = audit().stream().filter(r -> r.path("command").asText().equals("touch withdrawn-file"))
                .findFirst().orElseThrow();
        assertEquals("withdrawn", decision.path("answer").asText(), "audit list shows ask→withdrawn: " + decision);
    }

    @Test
    void theAuditLogHoldsEachCommandWithItsDecisionAndExitStatus() throws Exception {
        session();
        type("true");
        type("(exit 3)");
        type("touch not-run");
        type("echo done-$((1))");
        await("done-1");
        await(PROMPT + work + "%%");
        Thread.sleep(500);
        List<JsonNode> records = audit();
        String session = records.get(0).path("session").asText();
        assertTrue(records.stream().allMatch(r -> r.path("session").asText().equals(session)), "one session id");
        assertEquals(0, result("true").path("exit").asInt());
        assertEquals(3, result("(exit 3)").path("exit").asInt());
        assertTrue(result("(exit 3)").has("duration_ms"));
        JsonNode refused = records.stream().filter(r -> r.path("command").asText().equals("touch not-run")).findFirst()
                .orElseThrow();
        assertEquals("ask", refused.path("decision").asText());
        assertEquals("refused", refused.path("outcome").asText());
        assertEquals("session", refused.path("mode").asText());
    }

    @Test
    void marksPrintedByACommandCannotEndItOrFakeAPrompt() throws Exception {
        session();
        // A command prints marks as the shell would, with and without a guessed nonce, then runs on.
        String command = "printf 'x\\033]133;D;0;airlock-0123\\007\\033]133;A\\007fake$ \\033]133;B\\007\\n';"
                + " sleep 1; echo real-end; (exit 9)";
        type(command);
        type("echo after-$?");
        String s = await("after-9");
        assertTrue(s.contains("real-end\n" + PROMPT), s);
        assertEquals(9, result(command).path("exit").asInt(), "the status is the command's, not the fake mark's");
    }

    @Test
    void execFromAFileCannotFeedTheShellCommands() throws Exception {
        Files.writeString(work.resolve("cmds.txt"), "touch hijacked\n");
        session();
        type("exec < cmds.txt");
        type("echo still-guarded");
        await("still-guarded");
        Thread.sleep(500);
        assertFalse(Files.exists(work.resolve("hijacked")));
    }

    @Test
    void aHugeLineAndBinaryGarbageAreRefusedAndTheSessionGoesOn() throws Exception {
        session();
        Path big = tmp.resolve("big.txt");
        Files.writeString(big, "touch huge-line-ran #" + "x".repeat(1 << 20));
        tmux.paste(PANE, big);
        tmux.keys(PANE, "Enter");
        await("longer than");
        byte[] junk = Garbage.bytes(512, 7);
        for (int k = 0; k < junk.length; k++) {
            // one line of garbage, without the keys that end the line or the session (Ctrl-C, Ctrl-D)
            if (junk[k] == 3 || junk[k] == 4 || junk[k] == '\r' || junk[k] == '\n') {
                junk[k] = 'z';
            }
        }
        Path garbage = tmp.resolve("garbage.bin");
        Files.write(garbage, junk);
        tmux.paste(PANE, garbage);
        tmux.keys(PANE, "Enter");
        type("echo alive-after-garbage");
        await("alive-after-garbage");
        assertFalse(Files.exists(work.resolve("huge-line-ran")));
    }

    @Test
    void aShellThatDiesEndsTheSessionAndRestoresTheTerminal() throws Exception {
        session();
        type("sleep 4244 &");
        await("[1]");
        awaitRunning(4244); // "[1]" comes when bash forks the job, maybe before the child is sleep
        long shell = sessionShell(sleeping(4244).get(0));
        ProcessHandle.of(shell).orElseThrow().destroyForcibly(); // SIGKILL
        String s = await("EXITED=137");
        assertTrue(s.contains("the shell has gone"), s);
        await("MODE=icanon echo");
        assertEquals(List.of(), sleeping(4244));
    }

    @Test
    void sigtermEndsTheShellAndItsChildren() throws Exception {
        session();
        type("sleep 4245 &");
        await("[1]");
        awaitRunning(4245); // "[1]" comes when bash forks the job, maybe before the child is sleep
        long bash = sessionShell(sleeping(4245).get(0));
        long airlock = ProcessHandle.of(bash).flatMap(ProcessHandle::parent).orElseThrow().pid();
        ProcessHandle.of(airlock).orElseThrow().destroy(); // SIGTERM
        await("EXITED=143");
        await("MODE=icanon echo");
        assertEquals(List.of(), sleeping(4245));
        assertFalse(ProcessHandle.of(bash).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void theUsersPromptCommandRunsWithTheStatusAndMayRewriteThePrompt() throws Exception {
        // A prompt framework's way: PROMPT_COMMAND (an array, bash 5.1) sets PS1 before every prompt.
        Files.writeString(home.resolve(".bashrc"), "n=0\nPROMPT_COMMAND=('last=$?' 'PS1=\"" + PROMPT
                + "$((++n)):$last:\\w%% \"')\n");
        tmux.start(PANE, 120, 40, "cd " + work + " && " + ROOT.resolve("bin/airlock") + " session; sleep 600");
        tmux.await(PANE, PROMPT + "1:0:" + work);
        type("(exit 5)");
        await(PROMPT + "2:5:" + work);
        type("echo still-followed");
        await("still-followed\n" + PROMPT + "3:0:" + work);
    }

    @Test
    void aReadOnlyPromptCommandInTheUsersRcStopsTheSessionBeforeAnythingRuns() throws Exception {
        Files.writeString(home.resolve(".bashrc"), "readonly PROMPT_COMMAND='echo mine'\n");
        tmux.start(PANE, 120, 40, "cd " + work + " && " + ROOT.resolve("bin/airlock") + " session; echo EXITED=$?; sleep 600");
        String s = await("EXITED=126");
        assertTrue(s.contains("PROMPT_COMMAND or PS0 is read-only"), s);
    }

    @Test
    void colouredOutputReachesTheScreenUnchanged() throws Exception {
        session();
        type("printf 'plain \\033[31mred\\033[0m \\033[1;32mbold-green\\033[0m\\n'");
        await("plain red bold-green");
        String escaped = tmux.run("capture-pane", "-e", "-p", "-t", PANE);
        assertTrue(escaped.contains("\u001b[31mred"), escaped);
        java.util.regex.Matcher bold = java.util.regex.Pattern.compile("((?:\u001b\\[[0-9;]*m)+)bold-green").matcher(escaped);
        assertTrue(bold.find() && bold.group(1).matches("(?s).*[\\[;]1[;m].*") && bold.group(1).contains("32"), escaped);
    }

    @Test
    void closingTheTerminalEndsTheShellAndItsChildren() throws Exception {
        session();
        type("sleep 4246 &");
        await("[1]");
        awaitRunning(4246); // "[1]" comes when bash forks the job, maybe before the child is sleep
        assertEquals(1, sleeping(4246).size());
        tmux.run("kill-session", "-t", PANE); // the terminal hangs up: SIGHUP
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sleeping(4246).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), sleeping(4246), "nothing of the session outlives its terminal");
    }

    @Test
    void airlockShWithoutACommandOnATerminalStartsTheSession() throws Exception {
        session(ROOT.resolve("bin/airlock-sh").toString());
        type("echo via-airlock-sh; touch via-sh-marker");
        await("airlock: refused: echo via-airlock-sh; touch via-sh-marker");
        type("echo via-airlock-sh");
        type("exit");
        await("EXITED=0");
        assertFalse(Files.exists(work.resolve("via-sh-marker")));
    }

    /**
     * Pids of the running `sleep SECONDS` processes of this test (from /proc, as ps would list them): those
     * whose directory is in its temporary one, not another run's on the same machine.
     */
    private List<Long> sleeping(int seconds) {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false)
                && p.info().arguments().map(a -> a.length == 1 && a[0].equals(Integer.toString(seconds))).orElse(false)
                && startedHere(p.pid())).map(ProcessHandle::pid).toList();
    }

    private boolean startedHere(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).startsWith(tmp.toRealPath());
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    /** Waits until this test's `sleep SECONDS` runs: started and not stopped (a minute at most). */
    private void awaitRunning(int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            for (long pid : sleeping(seconds)) {
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                    if (stat.charAt(stat.lastIndexOf(')') + 2) != 'T') {
                        return;
                    }
                } catch (java.io.IOException gone) {
                    // ended meanwhile
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("`sleep " + seconds + "` never ran");
    }
}
