package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.sandbox.Bubblewrap;
import dev.airlock.testing.Tmux;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The piped shell (`airlock-sh < commands`) confines each command that runs a program in a sandbox
 * of its own, started from the long-lived shell's state, and carries back only its directory and
 * the variables the policy would let it set. Real bwrap, real bash, real sockets.
 */
class PipedShellConfinementTest {
    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Bubblewrap.find().available(), "no sandbox here");
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("sub"));
        env = Run.env(home);
        env.put("AIRLOCK_SOCKET", tmp.resolve("run/console.sock").toString());
    }

    private Run.Result pipe(String script) throws Exception {
        return Run.run(List.of(Run.SHIM.toString()), env, work, script.getBytes(StandardCharsets.UTF_8), 120);
    }

    private List<JsonNode> records(String event) throws Exception {
        return Run.auditRecords(home).stream().filter(r -> r.get("event").asText().equals(event)).toList();
    }

    @Test
    void codeRunsReadOnlyWithoutAQuestionAndCannotWrite() throws Exception {
        Run.Result r = pipe("python3 -c \"open('" + work.resolve("made.txt") + "','w')\"\necho status $?\n"
                + "python3 -c \"open('" + home.resolve("made.txt") + "','w')\"\n");
        assertFalse(Files.exists(work.resolve("made.txt")));
        assertFalse(Files.exists(home.resolve("made.txt")));
        assertTrue(r.out().contains("status 1"), r.out());
        assertTrue(r.err().contains("Read-only file system"), r.err());
        assertTrue(r.err().contains("airlock: it ran without a question in a read-only sandbox"), r.err());
        JsonNode first = records("decision").get(0);
        assertEquals("sandbox", first.get("approver").asText());
        assertEquals("read-only", first.get("sandbox").asText());
    }

    @Test
    void stateCarriesAcrossConfinedCommands() throws Exception {
        Files.writeString(work.resolve("sub/file.txt"), "inside\n");
        Run.Result r = pipe("cd sub && cat file.txt\npwd\nX=one; ls >/dev/null\necho x=$X\n"
                + "export Y=two; true | cat\nbash -c 'echo y=$Y'\ngreet() { echo hello-$1; }\ngreet a | cat\n"
                + "cd .. ; ls -d sub\npwd\n");
        assertEquals(0, r.exit(), r.err());
        assertEquals("inside\n" + work.resolve("sub") + "\nx=one\ny=two\nhello-a\nsub\n" + work + "\n", r.out());
        List<JsonNode> decisions = records("decision");
        assertEquals("read-only", decisions.get(0).get("sandbox").asText(), "cd && cat ran confined");
    }

    @Test
    void aConfinedCommandThatExitsEndsTheShell() throws Exception {
        Run.Result r = pipe("echo before\nls >/dev/null; exit 5\necho after\n");
        assertEquals("before\n", r.out());
        assertEquals(5, r.exit());
        List<JsonNode> results = records("result");
        assertEquals(5, results.get(results.size() - 1).get("exit").asInt(), results.toString());
    }

    @Test
    void variablesThatRunCodeAreNotCarriedBackAndValuesStayData() throws Exception {
        // `source` runs the script read-only without a question; what it sets comes back only as data,
        // and only where the policy lets a command set it on its own.
        Path pwned = work.resolve("pwned");
        Files.writeString(work.resolve("env.sh"), "export GOOD=kept\nPATH=/evil:$PATH\nexport LD_PRELOAD=/evil.so\n"
                + "TRICK='$(touch " + pwned + ")'\nNL=$'a\\ntouch " + pwned + "'\n");
        Run.Result r = pipe("source env.sh\necho good=$GOOD\necho path=${PATH%%:*} preload=${LD_PRELOAD:-none}\n"
                + "echo \"$TRICK\"\n");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("good=kept\n"), r.out());
        assertFalse(r.out().contains("path=/evil"), r.out());
        assertTrue(r.out().contains("preload=none"), r.out());
        assertTrue(r.out().contains("$(touch " + pwned + ")"), r.out());
        assertFalse(Files.exists(pwned));
        assertTrue(r.err().contains("airlock: the sandboxed command set LD_PRELOAD, PATH; not kept"), r.err());
    }

    @Test
    void aConfinedCommandCannotReachTheNetworkNorTheConsoleSocket() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(1);
            Run.Result r = pipe("python3 -c \"import socket; socket.create_connection(('127.0.0.1', "
                    + listener.getLocalPort() + "), 2)\"\necho net $?\n");
            assertTrue(r.out().contains("net 1"), r.out() + r.err());
            boolean reached;
            try {
                listener.accept().close();
                reached = true;
            } catch (SocketTimeoutException e) {
                reached = false;
            }
            assertFalse(reached, "the listener saw a connection");
        }
    }

    @Test
    void aFailedConfinedRunIsAskedAboutAndRunsAgainInTheShell() throws Exception {
        Path log = tmp.resolve("approver.log");
        Path approver = Run.ROOT.resolve("src/test/resources/dev/airlock/exec/slow_approver.py");
        Files.writeString(tmp.resolve("go"), "");
        try (Tmux tmux = new Tmux(env)) {
            tmux.start("person", 100, 20, "python3 " + approver + " " + env.get("AIRLOCK_SOCKET") + " " + log + " "
                    + tmp.resolve("go"));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(log) && Files.readString(log).startsWith("pid "))) {
                assertTrue(System.nanoTime() < until, "the approver did not start");
                Thread.sleep(20);
            }
            Run.Result r = pipe("cd sub\npython3 -c \"open('made.txt','w').write('x'); print('wrote')\"\npwd\n");
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.exists(work.resolve("sub/made.txt")));
            assertTrue(r.err().contains("asking a person whether to run it"), r.err());
            assertTrue(r.out().endsWith("wrote\n" + work.resolve("sub") + "\n"), r.out());
            List<JsonNode> d = records("decision");
            assertEquals("sandbox", d.get(1).get("approver").asText());
            assertEquals("console", d.get(2).get("approver").asText());
            assertEquals("none", d.get(2).get("sandbox").asText());
        }
    }

    @Test
    void withTheSandboxOffCommandsRunInTheShellAndCodeAsks() throws Exception {
        env.put("AIRLOCK_SANDBOX", "off");
        Run.Result r = pipe("ls >/dev/null\npython3 -c 'print(1)'\n");
        assertTrue(r.err().contains("airlock: refused: python3"), r.err());
        List<JsonNode> d = records("decision");
        assertEquals("off", d.get(0).get("sandbox").asText());
        assertEquals("ask", d.get(1).get("decision").asText());
    }
}
