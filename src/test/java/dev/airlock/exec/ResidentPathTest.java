package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.audit.Verifier;
import dev.airlock.testing.ResidentFixture;
import dev.airlock.testing.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident path of airlock-sh, end to end: the real launcher, the real server (a JVM started by
 * the launcher, as users get it), real bash. What it may run, it runs and logs exactly as airlock-sh's
 * JVM would; everything else goes to the JVM path; nobody else can answer in its place.
 */
class ResidentPathTest {

    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        env = TestEnv.forHome(home);
        env.put("AIRLOCK_RESIDENT", "1");
        ResidentFixture.ensureRunning(Run.ROOT, env);
    }

    private Run.Result shim(String... args) throws Exception {
        return shimOf(Run.ROOT, args);
    }

    private Run.Result shimOf(Path install, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(install.resolve("bin/shim/bash").toString()));
        argv.addAll(List.of(args));
        return Run.run(argv, env, work);
    }

    private List<JsonNode> audit() throws IOException {
        return Run.auditRecords(home);
    }

    @Test
    void runsAnAllowedCommandAndLogsItAsAirlockShWould() throws Exception {
        Run.Result r = shim("-c", "echo \"$0:$1\"; exit 7", "name", "first");
        assertEquals(7, r.exit(), r.err());
        assertEquals("name:first\n", r.out());
        assertEquals("", r.err());
        List<JsonNode> log = audit();
        assertEquals(2, log.size(), log.toString());
        JsonNode decision = log.get(0);
        JsonNode result = log.get(1);
        assertTrue(decision.path("resident").asBoolean(), "the server answered: " + decision);
        assertEquals("allow", decision.get("decision").asText());
        assertEquals("run", decision.get("outcome").asText());
        assertEquals("policy", decision.get("approver").asText());
        assertTrue(decision.get("process_chain").isArray());
        assertEquals(7, result.get("exit").asInt());
        assertEquals(decision.get("seq").asLong(), result.get("decision_seq").asLong());
        assertEquals(decision.get("pid").asLong(), result.get("pid").asLong());
        assertEquals(work.toRealPath().toString(), decision.get("cwd").asText());
        assertTrue(Verifier.verify(Run.auditLog(home)).intact());
    }

    @Test
    void givesTheCommandStdinAndTheEnvironmentAirlockShMakes() throws Exception {
        env.put("MY_API_TOKEN", "s3cr3t-value");
        env.put("HARMLESS", "visible");
        env.put("PATH", Run.SHIM.getParent() + ":" + env.get("PATH"));
        Path in = Files.writeString(tmp.resolve("in.txt"), "from stdin\n");
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c",
                "cat; echo \"${MY_API_TOKEN-scrubbed} $HARMLESS $AIRLOCK_GUARDED\"; echo \"$PATH\""), env, work, in, 60);
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        JsonNode decision = audit().get(0);
        assertTrue(decision.path("resident").asBoolean(), decision.toString());
        assertEquals("from stdin", lines[0]);
        assertEquals("scrubbed visible " + decision.get("pid").asLong(), lines[1]);
        assertFalse(lines[2].contains(Run.SHIM.getParent().toString()), "the shim directory leaves PATH: " + lines[2]);
        assertTrue(decision.toString().contains("MY_API_TOKEN"), "scrubbed names are logged");
        assertFalse(Files.readString(Run.auditLog(home)).contains("s3cr3t-value"));
    }

    @Test
    void givesTheCommandTheSameSignalsAndDescriptorsAsTheJvmPath() throws Exception {
        // Started with SIGINT ignored (as by `nohup`-like parents) and descriptor 7 open (a jobserver pipe):
        // the JVM path keeps the ignore and closes the descriptor; so must the resident path.
        String command = "grep -E '^Sig(Ign|Cgt)' /proc/self/status; ls /proc/self/fd";
        List<String> argv = List.of("bash", "-c", "trap '' INT; exec 7</dev/null; exec \"$0\" -c \"$1\"",
                Run.SHIM.toString(), command);
        Run.Result resident = Run.run(argv, env, work);
        assertTrue(audit().get(0).path("resident").asBoolean(), audit().toString());
        env.put("AIRLOCK_RESIDENT", "0");
        Run.Result jvm = Run.run(argv, env, work);
        assertEquals(0, resident.exit(), resident.err());
        assertEquals(jvm.out(), resident.out());
        assertTrue(resident.out().contains("SigIgn:\t0000000000000002") || resident.out().matches("(?s).*SigIgn:\\s+\\p{XDigit}*[2367abef]\n.*"),
                "SIGINT stays ignored: " + resident.out());
    }

    @Test
    void leavesWhatThePolicyDoesNotAllowToTheJvm() throws Exception {
        Run.Result r = shim("-c", "touch made-by-agent");
        assertEquals(126, r.exit());
        assertTrue(r.err().startsWith("airlock:"), r.err());
        assertFalse(Files.exists(work.resolve("made-by-agent")));
        List<JsonNode> log = audit();
        assertEquals(1, log.size(), "only the JVM's decision: " + log);
        assertFalse(log.get(0).has("resident"));
        assertEquals("refused", log.get(0).get("outcome").asText());
    }

    @Test
    void followsAnEditOfTheUserPolicyFromTheNextCommand() throws Exception {
        assertEquals(0, shim("-c", "date >/dev/null").exit());
        assertTrue(audit().get(0).path("resident").asBoolean());
        Path policy = Files.createDirectories(home.resolve(".config/airlock")).resolve("policy.json");
        Files.writeString(policy, """
                {"rules": [{"id": "me.no-date", "decision": "deny", "reason": "no clocks today",
                  "match": {"program": ["date"]}}]}
                """);
        Run.Result r = shim("-c", "date");
        assertEquals(126, r.exit(), r.out());
        assertTrue(r.err().contains("me.no-date"), r.err());
    }

    @Test
    void aGroupSigtermAtAnyMomentEndsItWith143AndLeavesNothing() throws Exception {
        // Early: before the answer; late: while the command runs; in between, the moment the command
        // and the launcher's wait see the signal together (bash then forgets the status: it said 255).
        for (int delay = 0; delay <= 300; delay += 20) {
            String marker = "sleep 47." + (100 + delay);
            ProcessBuilder pb = new ProcessBuilder("setsid", Run.SHIM.toString(), "-c", marker + "; echo never")
                    .directory(work.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            awaitOwnGroup(p.pid()); // until setsid ran there is no group to signal
            Thread.sleep(delay);
            new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start().waitFor();
            assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), marker);
            assertEquals(143, p.exitValue(), "TERM after " + delay + " ms");
            for (int k = 0; k < 100 && ShimSignalTest.processesWith(marker) > 0; k++) {
                Thread.sleep(50);
            }
            assertEquals(0, ShimSignalTest.processesWith(marker), "left running: " + marker);
        }
    }

    @Test
    void answersNoRequestForAnotherProcessAndShowsItNoToken() throws Exception {
        String[] port = Files.readString(ResidentFixture.directory(Run.ROOT).resolve("port")).trim().split(" ");
        // This JVM names itself, then the server's own pid, then nobody: none is bash running airlock-sh.
        for (String request : List.of("airlock-resident 1 " + ProcessHandle.current().pid(), "airlock-resident 1 " + port[2],
                "hello")) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port[0]))) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write((request + "\n").getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, s.getInputStream().read(), request + ": closed without a word");
            }
        }
    }

    @Test
    void neverTrustsAServerWithoutTheToken() throws Exception {
        Path install = copyOfInstallation();
        Path dir = Files.createDirectories(ResidentFixture.directory(install));
        // A start already under way: the launcher, which starts a server after dropping a stale port
        // file, leaves it (no server writing into the temporary installation while it is deleted).
        Files.createDirectories(dir.getParent().resolve("starting"));
        AtomicInteger asked = new AtomicInteger();
        try (ServerSocket fake = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (true) {
                    try (Socket s = fake.accept()) {
                        asked.incrementAndGet();
                        s.getOutputStream().write((String.join("\0", "not-the-token", "run", "/bin/bash", "0", "0", "end")
                                + "\0").getBytes(StandardCharsets.US_ASCII));
                        s.getInputStream().read();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            // A stale port file: the token it names is the real one's, the port now a stranger's.
            Files.writeString(dir.resolve("port"), fake.getLocalPort() + " the-real-token " + ProcessHandle.current().pid() + "\n");
            Run.Result r = shimOf(install, "-c", "touch made-by-agent");
            assertEquals(1, asked.get(), "the launcher asked the stranger");
            assertEquals(126, r.exit(), r.out() + r.err());
            assertFalse(Files.exists(work.resolve("made-by-agent")), "a stranger's `run` must never run a command");
            assertFalse(Files.exists(dir.resolve("port")), "the stale port file is gone");
        }
    }

    @Test
    void endsWhenIdleAndWhenTheInstallationChanges() throws Exception {
        Path install = copyOfInstallation();
        env.put("AIRLOCK_RESIDENT_IDLE", "2");
        long first = ResidentFixture.ensureRunning(install, env);
        assertTrue(awaitExit(first, 30), "an idle server ends");
        assertFalse(Files.exists(ResidentFixture.directory(install).resolve("port")), "and takes its port file along");

        env.put("AIRLOCK_RESIDENT_IDLE", "300");
        long second = ResidentFixture.ensureRunning(install, env);
        Path jar = install.resolve("target/airlock.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertTrue(awaitExit(second, 30), "a rebuilt installation is not served by the old server");
    }

    /** Waits until {@code pid} leads its own process group (setsid has run), at most 10 s. */
    private static void awaitOwnGroup(long pid) throws Exception {
        for (int k = 0; k < 1000; k++) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(f[2]) == pid) { // state ppid pgrp ...
                    return;
                }
            } catch (IOException e) {
                return; // already gone: the assertions below say what happened
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aPipedShellThatStartedTheServerAndTheArchiveTrainingKeepsNoChildButItsShell() throws Exception {
        Path install = copyOfInstallation(); // no server, no class-data archive: its launcher starts both
        ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/shim/bash").toString(), "-s")
                .directory(work.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process shell = pb.start(); // the launcher `exec`s the JVM: this pid is the guarded shell's JVM
        try {
            shell.getOutputStream().write("echo ready\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            shell.getOutputStream().flush();
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()));
            assertEquals("ready", out.readLine());
            for (int k = 0; k < 600 && (ResidentFixture.serverPid(install).isEmpty() || training(install)); k++) {
                Thread.sleep(100);
            }
            assertTrue(ResidentFixture.serverPid(install).isPresent(), "the launcher started a server");
            assertFalse(training(install), "the archive training ended");
            List<String> children = children(shell.pid());
            assertEquals(1, children.size(), "only the real shell, no server, no ended training run (a zombie): " + children);
            assertTrue(children.get(0).matches("\\d+ \\(bash\\) [^Z]"), children.get(0));
        } finally {
            shell.getOutputStream().close();
            shell.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aTestJvmEndsTheServersOfItsCheckoutAsItExits() throws Exception {
        Path install = copyOfInstallation();
        long server = ResidentFixture.ensureRunning(install, env);
        // As surefire's JVM: the test class path, the checkout as its directory, one launcher session.
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), dev.airlock.testing.OneLauncherSession.class.getName())
                .directory(install.toFile()).redirectErrorStream(true).start();
        String out = new String(jvm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, jvm.exitValue(), out);
        assertTrue(awaitExit(server, 5), "the server " + server + " outlived the test JVM");
        assertEquals(List.of(), dev.airlock.testing.StopResidentServers.servers(install));
    }

    private static boolean training(Path install) throws IOException {
        try (var entries = Files.list(install.resolve("target"))) {
            return entries.anyMatch(p -> p.getFileName().toString().endsWith(".lock"));
        }
    }

    /** Each child of {@code pid} (zombies included) as `pid (comm) state`, from /proc/PID/stat. */
    private static List<String> children(long pid) throws IOException {
        List<String> out = new ArrayList<>();
        try (var procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(after[1]) == pid) {
                        out.add(stat.substring(0, stat.lastIndexOf(')') + 3)); // pid (comm) state
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended while we looked
                }
            }
        }
        return out;
    }

    /**
     * A copied installation is deleted with the test's directory: first its background writers must be
     * done, the class-data archive training its launchers start and any server of its own.
     */
    @org.junit.jupiter.api.AfterEach
    void letTheCopiedInstallationRest() throws Exception {
        Path target = tmp.resolve("install/target");
        if (!Files.isDirectory(target)) {
            return;
        }
        Optional<Long> server = ResidentFixture.serverPid(tmp.resolve("install"));
        if (server.isPresent()) {
            ProcessHandle.of(server.get()).ifPresent(ProcessHandle::destroy);
            awaitExit(server.get(), 30);
        }
        for (int k = 0; k < 1200; k++) {
            try (var entries = Files.list(target)) {
                if (entries.noneMatch(p -> p.getFileName().toString().endsWith(".lock"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    private static boolean awaitExit(long pid, int seconds) throws InterruptedException {
        for (int k = 0; k < seconds * 10; k++) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** bin/ and the built jar and policies in a directory of their own: a second installation with its own server. */
    private Path copyOfInstallation() throws IOException {
        Path install = tmp.resolve("install");
        Files.createDirectories(install.resolve("bin/shim"));
        for (String f : List.of("airlock-sh", "airlock", "jvm-archive.sh", "resident.sh")) {
            Files.copy(Run.ROOT.resolve("bin").resolve(f), install.resolve("bin").resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createSymbolicLink(install.resolve("bin/shim/bash"), Path.of("../airlock-sh"));
        Files.createDirectories(install.resolve("target/classes/policies"));
        Files.copy(Run.ROOT.resolve("target/airlock.jar"), install.resolve("target/airlock.jar"));
        try (var policies = Files.list(Run.ROOT.resolve("target/classes/policies"))) {
            for (Path p : policies.toList()) {
                Files.copy(p, install.resolve("target/classes/policies").resolve(p.getFileName()));
            }
        }
        return install;
    }

    private static List<String> fields(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == 0) {
                out.add(field.toString(StandardCharsets.UTF_8));
                if (out.get(out.size() - 1).equals("end")) {
                    break;
                }
                field.reset();
            } else {
                field.write(c);
            }
        }
        return out;
    }
}
