package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.sandbox.Bubblewrap;
import dev.airlock.sandbox.SandboxStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * Commands that run without a question (allowed, unknown programs, interpreters) try to get out of
 * their sandbox as an agent would, through airlock-sh -c. Every attempt is checked by state: files
 * unchanged, listeners that saw nothing, processes still alive. Needs a working bwrap (CI installs it).
 */
class SandboxEscapeTest {
    private static final Path LISTEN = Run.ROOT.resolve("src/test/resources/dev/airlock/exec/listen.py");

    @TempDir
    Path tmp;
    Path home;
    Path work;
    Path runtime;
    Map<String, String> env;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        SandboxStatus status = Bubblewrap.find();
        assumeTrue(status.available(), () -> "no sandbox here: " + status);
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        runtime = Files.createDirectories(tmp.resolve("runtime"));
        Files.createDirectories(work.resolve(".git"));
        Files.writeString(work.resolve("notes.txt"), "original\n");
        env = Run.env(home);
        env.put("XDG_RUNTIME_DIR", runtime.toString());
    }

    @AfterEach
    void stopListeners() {
        started.forEach(Process::destroyForcibly);
    }

    /** Runs Python code through airlock-sh as an agent would: an interpreter, so it runs confined, unasked. */
    private Run.Result python(String code) throws Exception {
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "python3 -c " + dev.airlock.shell.Quote.word(code)),
                env, work, 60);
        JsonNode decision = lastDecision();
        assertEquals("read-only", decision.get("sandbox").asText(), decision.toString());
        assertEquals("sandbox", decision.get("approver").asText(), decision.toString());
        assertEquals("run", decision.get("outcome").asText(), decision.toString());
        return r;
    }

    private JsonNode lastDecision() throws IOException {
        List<JsonNode> records = Run.auditRecords(home);
        for (int k = records.size() - 1; k >= 0; k--) {
            if (records.get(k).get("event").asText().equals("decision")) {
                return records.get(k);
            }
        }
        throw new AssertionError("no decision record");
    }

    /** Starts listen.py; returns the address it bound (the port, for tcp) once it is ready. */
    private String listen(String kind, String address, Path log) throws Exception {
        Process p = new ProcessBuilder("python3", LISTEN.toString(), kind, address, log.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        assertTrue(line != null && line.startsWith("ready "), "listener did not start: " + line);
        return line.substring("ready ".length());
    }

    private static String connectUnix(String path) {
        return "import socket\ns=socket.socket(socket.AF_UNIX)\ns.connect(" + pyString(path) + ")\nprint('connected')";
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A path the classifier cannot read in the text, as an attacker would spell airlock's own files. */
    private static String hidden(String s) {
        return "bytes.fromhex('" + java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)) + "').decode()";
    }

    private static void assertNothingAccepted(Path log, Run.Result r) throws IOException {
        assertFalse(Files.exists(log) && Files.readString(log).contains("accepted"),
                "the listener was reached: " + r.out() + r.err());
        assertFalse(r.out().contains("connected"), r.out());
        assertNotEquals(0, r.exit(), r.err());
    }

    @Test
    void cannotWriteTheWorkspace() throws Exception {
        Run.Result r = python("open('notes.txt','w').write('changed')\nopen('new.txt','w').write('x')");
        assertNotEquals(0, r.exit());
        assertEquals("original\n", Files.readString(work.resolve("notes.txt")));
        assertFalse(Files.exists(work.resolve("new.txt")));
        assertTrue(r.err().contains("airlock: it ran without a question in a read-only sandbox"), r.err());
    }

    @Test
    void cannotWriteHomeOrTheRealTmp() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Run.Result r = python("import os\nfor p in [" + pyString(home.resolve(".bashrc").toString()) + ","
                + pyString(outside.resolve("dropped").toString()) + ",'/tmp/airlock-escape-" + ProcessHandle.current().pid()
                + "']:\n  try:\n    os.makedirs(os.path.dirname(p), exist_ok=True)\n    open(p,'w').write('x')\n"
                + "    print('wrote', p)\n  except OSError as e:\n    print('blocked', p, e)");
        assertFalse(Files.exists(home.resolve(".bashrc")));
        assertFalse(Files.exists(outside.resolve("dropped")));
        assertFalse(Files.exists(Path.of("/tmp/airlock-escape-" + ProcessHandle.current().pid())));
        // the write into the private /tmp may succeed: it is gone with the sandbox
        assertTrue(r.out().contains("blocked " + home.resolve(".bashrc")), r.out());
    }

    @Test
    void cannotConnectToAListenerOnLoopback() throws Exception {
        Path log = tmp.resolve("tcp.log");
        String port = listen("tcp", "", log);
        Run.Result r = python("import socket\nsocket.create_connection(('127.0.0.1', " + port + "), 5)\nprint('connected')");
        assertNothingAccepted(log, r);
    }

    @Test
    void cannotConnectToAnAbstractSocket() throws Exception {
        Path log = tmp.resolve("abstract.log");
        String name = "airlock-escape-" + ProcessHandle.current().pid();
        listen("abstract", name, log);
        Run.Result r = python("import socket\ns=socket.socket(socket.AF_UNIX)\ns.connect('\\0" + name + "')\nprint('connected')");
        assertNothingAccepted(log, r);
    }

    @Test
    void cannotConnectToSocketsUnderRunTheRuntimeDirOrTheAgentSocket() throws Exception {
        List<Path> sockets = new ArrayList<>(List.of(runtime.resolve("bus"), tmp.resolve("ssh-agent.sock")));
        if (Files.isWritable(Path.of("/run"))) {
            sockets.add(Path.of("/run/airlock-escape-" + ProcessHandle.current().pid() + ".sock"));
        }
        env.put("SSH_AUTH_SOCK", tmp.resolve("ssh-agent.sock").toString());
        try {
            for (Path socket : sockets) {
                Path log = tmp.resolve(socket.getFileName() + ".log");
                listen("unix", socket.toString(), log);
                Run.Result r = python(connectUnix(socket.toString()));
                assertNothingAccepted(log, r);
            }
            Run.Result r = python("import os\nprint('agent socket:', os.environ.get('SSH_AUTH_SOCK'))");
            assertTrue(r.out().contains("agent socket: None"), r.out());
        } finally {
            for (Path socket : sockets) {
                Files.deleteIfExists(socket);
            }
        }
    }

    @Test
    void cannotConnectToSocketsInTheHomeOrTheWorkspace() throws Exception {
        // Both stay visible (read-only), and a read-only mount does not stop connect(): the
        // sandbox refuses to make Unix sockets at all.
        for (Path socket : List.of(Files.createDirectories(home.resolve(".gnupg-like")).resolve("S.agent"),
                work.resolve(".dev-server.sock"))) {
            Path log = tmp.resolve(socket.getFileName() + ".log");
            listen("unix", socket.toString(), log);
            Run.Result r = python(connectUnix(socket.toString()));
            assertNothingAccepted(log, r);
        }
    }

    @Test
    void cannotMakeOtherSocketFamiliesDatagramPairsOrUseKeyrings() throws Exception {
        Run.Result r = python("import socket,ctypes\n"
                + "for name,make in [('vsock',lambda: socket.socket(40, socket.SOCK_STREAM)),"
                + "('packet',lambda: socket.socket(17, socket.SOCK_RAW)),"
                + "('dgram pair',lambda: socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)),"
                + "('stream pair',lambda: socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM))]:\n"
                + "  try:\n    make(); print(name, 'made')\n  except OSError as e:\n    print(name, 'blocked')\n"
                + "libc=ctypes.CDLL(None, use_errno=True)\n"
                + "print('keyctl', 'blocked' if libc.syscall(250, 0, -3, 0) == -1 and ctypes.get_errno() == 13 else 'reached')");
        for (String blocked : List.of("vsock blocked", "packet blocked", "dgram pair blocked", "keyctl blocked")) {
            assertTrue(r.out().contains(blocked), r.out() + r.err());
        }
        assertTrue(r.out().contains("stream pair made"), "a program's own pipes still work: " + r.out());
    }

    @Test
    void aForgedNestedShellFormIsConfinedLikeAnyOther() throws Exception {
        // Codex's form execs airlock-sh again; naming any other shell there promises nothing.
        String text = "__CODEX_SNAPSHOT_A=\"${A+x}\"\nexec /bin/bash -c 'python3 -c \"open(\\\"forged\\\",\\\"w\\\")\"'";
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", text), env, work, 60);
        assertFalse(Files.exists(work.resolve("forged")), "it ran unconfined: " + r.err());
        assertNotEquals("nested", lastDecision().get("sandbox").asText());
    }

    @Test
    void cannotReadKeysOrTheAgentsCredentials() throws Exception {
        Path key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        Files.writeString(key, "PRIVATE-KEY-MATERIAL");
        Path claude = Files.createDirectories(home.resolve(".claude")).resolve(".credentials.json");
        Files.writeString(claude, "{\"token\":\"CLAUDE-CREDENTIAL\"}");
        Files.writeString(work.resolve(".env"), "API_TOKEN=ENV-FILE-SECRET");
        Path history = Files.writeString(home.resolve(".bash_history"), "export API_TOKEN=TYPED-SECRET\n");
        Path deep = Files.createDirectories(work.resolve("deploy/keys")).resolve("prod.pem");
        Files.writeString(deep, "DEEP-PEM-SECRET");
        Run.Result r = python("import glob,os\nfor p in [" + pyString(key.toString()) + "," + pyString(claude.toString())
                + ",'.env'," + pyString(history.toString()) + ",'deploy/keys/prod.pem']:\n  try:\n    print(open(p).read())\n  except OSError as e:\n    print('blocked', e)\n"
                + "print(os.listdir(" + pyString(home.resolve(".ssh").toString()) + "))");
        assertFalse(r.out().contains("PRIVATE-KEY-MATERIAL"), r.out());
        assertFalse(r.out().contains("CLAUDE-CREDENTIAL"), r.out());
        assertFalse(r.out().contains("ENV-FILE-SECRET"), r.out());
        assertFalse(r.out().contains("TYPED-SECRET"), r.out());
        assertFalse(r.out().contains("DEEP-PEM-SECRET"), r.out());
        assertTrue(r.out().contains("[]"), "the key directory is an empty one: " + r.out());
    }

    @Test
    void cannotReachTheConsoleSocketNorStartAFakeConsole() throws Exception {
        Path socket = runtime.resolve("airlock/console.sock");
        Files.createDirectories(socket.getParent());
        Path log = tmp.resolve("console.log");
        listen("unix", socket.toString(), log);
        // airlock-sh itself connects to its console's path to judge who answers (SO_PEERCRED) before it
        // asks about a failed confined run; pointed elsewhere, every connection the listener sees is the sandbox's.
        env.put("AIRLOCK_SOCKET", tmp.resolve("elsewhere/console.sock").toString());
        Run.Result r = python("import socket\ns=socket.socket(socket.AF_UNIX)\ns.connect(" + hidden(socket.toString())
                + ")\nprint('connected')");
        assertNothingAccepted(log, r);
        // A fake console bound in its place would live only inside the sandbox.
        Files.delete(socket);
        python("import socket\ns=socket.socket(socket.AF_UNIX)\ns.bind(" + hidden(socket.toString()) + ")\ns.listen(1)");
        assertFalse(Files.exists(socket), "a socket was bound on the real console path");
    }

    @Test
    void cannotReadTheResidentServersPortOrToken() throws Exception {
        Path resident = Files.createDirectories(Run.ROOT.resolve("target/resident"));
        // Something there to find, as a server's port file would be.
        Path probe = Files.writeString(resident.resolve("escape-test-" + ProcessHandle.current().pid()), "12345 token 1");
        Run.Result r;
        try {
            r = python("import os\nfound=[]\nfor d,_,fs in os.walk(" + hidden(resident.toString()) + "):\n"
                + "  found += [os.path.join(d,f) for f in fs]\nprint('files:', found)");
        } finally {
            Files.deleteIfExists(probe);
        }
        assertTrue(r.out().contains("files: []"), r.out());
    }

    @Test
    void cannotSignalOrSeeOtherProcesses() throws Exception {
        Process victim = new ProcessBuilder("sleep", "300").start();
        started.add(victim);
        Run.Result r = python("import os,signal\ntry:\n  os.kill(" + victim.pid() + ", signal.SIGKILL)\n  print('sent')\n"
                + "except OSError as e:\n  print('blocked', e)\nprint('pids:', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))");
        assertFalse(victim.waitFor(1, TimeUnit.SECONDS), "the sandboxed command killed a process outside");
        assertTrue(victim.isAlive());
        assertFalse(r.out().contains("pids: [") && r.out().contains(", " + victim.pid()), r.out());
    }

    @Test
    void cannotReadAnotherTerminal() throws Exception {
        // A terminal of the person's: a pty whose other side a process outside holds open.
        Process holder = new ProcessBuilder("python3", "-c",
                "import os,sys,time\nm,s=os.openpty()\nprint(os.ttyname(s), flush=True)\ntime.sleep(300)").start();
        started.add(holder);
        String pts = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(pts != null && pts.startsWith("/dev/pts/"), String.valueOf(pts));
        Run.Result r = python("try:\n  open(" + pyString(pts) + ",'rb',buffering=0)\n  print('opened')\n"
                + "except OSError as e:\n  print('blocked', e)");
        assertTrue(r.out().contains("blocked"), r.out());
    }

    @Test
    void cannotPushKeysIntoItsTerminal() throws Exception {
        // TIOCSTI needs the terminal to be the caller's controlling one: the sandbox is a new session.
        Run.Result r = Run.run(List.of("script", "-qec", Run.SHIM + " -c " + dev.airlock.shell.Quote.word(
                "python3 -c " + dev.airlock.shell.Quote.word("import fcntl,termios\ntry:\n  fcntl.ioctl(0, termios.TIOCSTI, b'x')\n"
                        + "  print('PUSHED')\nexcept OSError as e:\n  print('BLOCKED', e.errno)")), "/dev/null"),
                env, work, 60);
        assertTrue(r.out().contains("BLOCKED"), r.out() + r.err());
        assertFalse(r.out().contains("PUSHED"), r.out());
    }

    @Test
    void holdsForAnUnprivilegedUserToo() throws Exception {
        // As root (CI, containers) bwrap runs without a user namespace; as anyone else, inside one.
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root to become nobody");
        Path base = Files.createDirectories(Path.of("/tmp", "airlock-nobody-" + ProcessHandle.current().pid()));
        try {
            Path nobodyHome = Files.createDirectories(base.resolve("home"));
            Path nobodyWork = Files.createDirectories(base.resolve("work"));
            Files.writeString(nobodyWork.resolve("notes.txt"), "original\n");
            Run.run(List.of("chown", "-R", "nobody:nogroup", base.toString()), env, work, 30);
            Path log = tmp.resolve("nobody-tcp.log");
            String port = listen("tcp", "", log);
            String code = "import socket\ntry:\n  open('notes.txt','w').write('changed')\nexcept OSError as e:\n  print('blocked write')\n"
                    + "socket.create_connection(('127.0.0.1', " + port + "), 5)\nprint('connected')";
            Run.Result r = Run.run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "-i",
                    "PATH=/usr/bin:/bin", "HOME=" + nobodyHome, "AIRLOCK_RESIDENT=0", Run.SHIM.toString(), "-c",
                    "python3 -c " + dev.airlock.shell.Quote.word(code)), env, nobodyWork, 60);
            assertTrue(r.out().contains("blocked write"), r.out() + r.err());
            assertEquals("original\n", Files.readString(nobodyWork.resolve("notes.txt")));
            assertNothingAccepted(log, r);
            String audit = Files.readString(nobodyHome.resolve(".local/state/airlock/audit.jsonl"));
            assertTrue(audit.contains("\"sandbox\":\"read-only\""), audit);
        } finally {
            Run.run(List.of("rm", "-rf", base.toString()), env, work, 30);
        }
    }

    @Test
    void theAuditListSaysItRanConfinedInsteadOfAsking() throws Exception {
        python("print('hello')");
        Run.Result list = Run.run(List.of(Run.ROOT.resolve("bin/airlock").toString(), "audit", "list"), env, work, 60);
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("ask→confined") && list.out().contains("sandbox"), list.out());
    }

    @Test
    void anAllowedCommandRunsReadOnlyToo() throws Exception {
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "ls -a; cat notes.txt"), env, work, 60);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("original"), r.out());
        JsonNode d = lastDecision();
        assertEquals("allow", d.get("decision").asText());
        assertEquals("read-only", d.get("sandbox").asText());
    }

    @Test
    void withTheSandboxOffUnknownCodeAsksAsBefore() throws Exception {
        env.put("AIRLOCK_SANDBOX", "off");
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "python3 -c 'open(\"x\",\"w\")'"), env, work, 60);
        assertEquals(126, r.exit(), r.err());
        assertFalse(Files.exists(work.resolve("x")));
        JsonNode d = lastDecision();
        assertEquals("off", d.get("sandbox").asText());
        assertEquals("refused", d.get("outcome").asText());
    }

    @Test
    void withoutBwrapAllowedCommandsRunUnconfinedAndSaySo() throws Exception {
        // bwrap is looked up only in system directories, so PATH cannot hide it: a mount namespace of
        // this test's own covers it with /dev/null, as on a machine without the package.
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "needs root for a private mount namespace");
        List<String> hidden = List.of("unshare", "--mount", "sh", "-c",
                "mount --bind /dev/null /usr/bin/bwrap && exec \"$@\"", "sh", Run.SHIM.toString(), "-c");
        List<String> ls = new ArrayList<>(hidden);
        ls.add("cat notes.txt");
        Run.Result r = Run.run(ls, env, work, 60);
        assertEquals(0, r.exit(), r.err());
        assertEquals("original\n", r.out());
        assertEquals("unavailable", lastDecision().get("sandbox").asText());
        List<String> code = new ArrayList<>(hidden);
        code.add("python3 -c 'print(1)'");
        Run.Result ask = Run.run(code, env, work, 60);
        assertEquals(126, ask.exit(), "code asks again, as without confinement: " + ask.err());
        assertEquals("unavailable", lastDecision().get("sandbox").asText());
        Run.Result check = Run.run(List.of("unshare", "--mount", "sh", "-c",
                "mount --bind /dev/null /usr/bin/bwrap && exec \"$@\"", "sh", Run.ROOT.resolve("bin/airlock").toString(),
                "doctor"), env, work, 60);
        assertTrue(check.out().contains("sandbox: unavailable: bubblewrap (bwrap) is not installed"), check.out());
    }

    @Test
    void aMalformedSettingRefusesEveryCommand() throws Exception {
        env.put("AIRLOCK_SANDBOX", "maybe");
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "cat notes.txt"), env, work, 60);
        assertEquals(126, r.exit(), r.err());
        assertTrue(r.err().contains("AIRLOCK_SANDBOX=maybe is not off or on"), r.err());
        env.put("AIRLOCK_SANDBOX", "off");
        env.put("AIRLOCK_AUDIT_MAX_BYTES", "12k");
        assertEquals(126, Run.run(List.of(Run.SHIM.toString(), "-c", "cat notes.txt"), env, work, 60).exit());
    }
}
