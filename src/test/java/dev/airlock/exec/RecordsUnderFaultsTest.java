package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.testing.ResidentFixture;
import dev.airlock.testing.TestEnv;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records stay true when processes die or the log is cut (issue 18): real airlock-sh, real resident
 * server, real bash, killed with SIGKILL. Each decision that says `run` gets a result record, or
 * `audit verify` and `audit list` say its result is lost and why; a cut tail is reported on every
 * verify with the seq that was lost; the launcher never has a command decided twice.
 */
class RecordsUnderFaultsTest {
    @TempDir
    Path tmp;
    Path home;
    Path work;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        env = TestEnv.forHome(home);
    }

    private Path log() {
        return Run.auditLog(home);
    }

    /** Starts `cat fifo` through airlock-sh: it runs until the test writes a line into the fifo. */
    /** Waits (a minute at most) until a process of {@code program} runs in the work directory. */
    private void awaitStarted(String program) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            boolean running = ProcessHandle.allProcesses().anyMatch(p -> p.info().command()
                    .map(c -> c.endsWith("/" + program)).orElse(false) && inWork(p.pid()));
            if (running) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(program + " never started");
    }

    private boolean inWork(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).equals(work.toRealPath());
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private Process blockedCommand(String fifoName) throws Exception {
        Path fifo = work.resolve(fifoName);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        ProcessBuilder pb = new ProcessBuilder("setsid", Run.SHIM.toString(), "-c", "cat " + fifoName)
                .directory(work.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(tmp.resolve(fifoName + ".out").toFile()).redirectError(tmp.resolve(fifoName + ".err").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Lets `cat fifo` end: it reads one line and exits 0. Opened for reading and writing, which never
     * waits for a reader: a sandbox may have ended the command with the airlock-sh that was killed.
     */
    private void release(String fifoName) throws IOException {
        try (FileChannel ch = FileChannel.open(work.resolve(fifoName), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("done\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
    }

    /** Returns once the log holds a record that {@code which} accepts (a wait on state, not on time). */
    private JsonNode awaitRecord(Predicate<JsonNode> which) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log())) {
                for (JsonNode r : Run.auditRecords(home)) {
                    if (which.test(r)) {
                        return r;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such record within 120 s: " + (Files.exists(log()) ? Files.readString(log()) : "no log"));
    }

    private static Predicate<JsonNode> decisionOf(String command) {
        return r -> "decision".equals(r.path("event").asText()) && command.equals(r.path("command").asText());
    }

    private Run.Result airlock(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Run.ROOT.resolve("bin/airlock").toString()));
        argv.addAll(List.of(args));
        return Run.run(argv, env, work);
    }

    private static void noStackTrace(Run.Result r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void aResultTheResidentServerCouldNotTakeIsWrittenByTheLauncher() throws Exception {
        env.put("AIRLOCK_RESIDENT", "1");
        long server = ResidentFixture.ensureRunning(Run.ROOT, env);
        Process agent = blockedCommand("fifo");
        JsonNode decision = awaitRecord(decisionOf("cat fifo"));
        assertTrue(decision.path("resident").asBoolean(), "the resident server decided: " + decision);
        awaitStarted("cat"); // the decision is written before the answer reaches the launcher: kill only once it ran
        ProcessHandle.of(server).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
        awaitGone(server);
        release("fifo");
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, agent.exitValue(), Files.readString(tmp.resolve("fifo.err")));
        assertEquals("done\n", Files.readString(tmp.resolve("fifo.out")));
        assertEquals("", Files.readString(tmp.resolve("fifo.err")), "the agent sees the command, nothing else");
        List<JsonNode> results = Run.auditRecords(home).stream().filter(r -> "result".equals(r.path("event").asText())).toList();
        assertEquals(1, results.size(), results.toString());
        assertEquals(decision.path("seq").asLong(), results.get(0).path("decision_seq").asLong());
        assertEquals(0, results.get(0).path("exit").asInt());
        Run.Result verify = airlock("audit", "verify");
        assertEquals(0, verify.exit(), verify.out() + verify.err());
    }

    @Test
    void aCommandWhoseAirlockShWasKilledShowsAsResultLostInVerifyAndList() throws Exception {
        env.put("AIRLOCK_RESIDENT", "0");
        Process agent = blockedCommand("fifo");
        JsonNode decision = awaitRecord(decisionOf("cat fifo"));
        long shim = decision.path("pid").asLong();
        ProcessHandle.of(shim).ifPresent(ProcessHandle::destroyForcibly);
        awaitGone(shim);
        release("fifo");
        agent.waitFor(60, TimeUnit.SECONDS);
        Run.Result verify = airlock("audit", "verify");
        assertEquals(1, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.err().contains("(seq " + decision.path("seq").asLong() + "): result lost"), verify.err());
        assertTrue(verify.err().contains("pid " + shim + ") ended without writing it"), verify.err());
        Run.Result show = airlock("audit", "show", Long.toString(decision.path("seq").asLong()));
        assertTrue(show.out().contains("(result lost: no result record, and the process that ran it (pid " + shim + ")"),
                show.out());
        noStackTrace(verify);
        Run.Result list = airlock("audit", "list");
        String row = list.out().lines().filter(l -> l.contains("cat fifo")).findFirst().orElseThrow();
        assertTrue(row.contains(" lost ") && row.contains("# result lost: "), list.out());
        // Still reported after more records: it is never hidden by what comes later.
        assertEquals(0, Run.run(List.of(Run.SHIM.toString(), "-c", "true"), env, work).exit());
        assertEquals(1, airlock("audit", "verify").exit());
    }

    @Test
    void aCutTailIsReportedOnEveryVerifyWithTheSeqLostAndNeverReused() throws Exception {
        env.put("AIRLOCK_RESIDENT", "0");
        for (String c : List.of("echo one", "echo two")) {
            assertEquals(0, Run.run(List.of(Run.SHIM.toString(), "-c", c), env, work).exit());
        }
        List<JsonNode> before = Run.auditRecords(home);
        long lost = before.get(before.size() - 1).path("seq").asLong(); // forced, and named by the head
        // The end of the last line is cut off, as a crash of the file system or a careless editor would.
        try (FileChannel ch = FileChannel.open(log(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 40);
        }
        assertEquals(0, Run.run(List.of(Run.SHIM.toString(), "-c", "echo three"), env, work).exit());
        for (int round = 0; round < 2; round++) {
            Run.Result verify = airlock("audit", "verify");
            assertEquals(1, verify.exit(), verify.out() + verify.err());
            assertTrue(verify.err().contains("torn: seq " + lost + " is lost"), verify.err());
            noStackTrace(verify);
            assertEquals(0, Run.run(List.of(Run.SHIM.toString(), "-c", "echo more"), env, work).exit());
        }
        Set<Long> seqs = new HashSet<>();
        for (String line : Files.readAllLines(log())) {
            if (line.startsWith("{\"seq\":") && line.endsWith("}")) {
                long seq = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("seq").asLong();
                assertTrue(seqs.add(seq), "seq " + seq + " appears twice: " + Files.readString(log()));
            }
        }
        assertFalse(seqs.contains(lost), "the lost seq is not given to another record");
    }

    @Test
    void theLauncherWaitsForABusyServerInsteadOfDecidingTheCommandAgain() throws Exception {
        env.put("AIRLOCK_RESIDENT", "1");
        ResidentFixture.ensureRunning(Run.ROOT, env);
        assertEquals(0, Run.run(List.of(Run.SHIM.toString(), "-c", "true"), env, work).exit()); // creates the log
        Path lockFile = log().resolveSibling("audit.lock");
        Process agent;
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            agent = blockedFreeCommand("echo waited");
            // The server blocks on the log, as under load; the launcher's old 10 s limit passes meanwhile.
            long blockedSince = awaitLockWaiter(lockFile);
            while (System.nanoTime() - blockedSince < TimeUnit.SECONDS.toNanos(12)) {
                Thread.sleep(200);
            }
        }
        assertTrue(agent.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, agent.exitValue());
        List<JsonNode> decisions = Run.auditRecords(home).stream().filter(decisionOf("echo waited")).toList();
        assertEquals(1, decisions.size(), "decided once: " + decisions);
        assertEquals(0, airlock("audit", "verify").exit());
    }

    private Process blockedFreeCommand(String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("setsid", Run.SHIM.toString(), "-c", command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Returns when some process waits for the lock on {@code file} (a `->` line of /proc/locks for its inode). */
    private static long awaitLockWaiter(Path file) throws Exception {
        String inode = ":" + Files.getAttribute(file, "unix:ino") + " ";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(Path.of("/proc/locks")).stream().anyMatch(l -> l.contains("->") && l.contains(inode))) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nobody waited for the audit lock");
    }

    private static void awaitGone(long pid) throws Exception {
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }
}
