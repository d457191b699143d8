package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input at every entry point, through the real launchers: argv of `airlock` and `airlock-sh`,
 * stdin of `check --batch` and of piped airlock-sh, policy files, environment variables, the audit log,
 * the console's answers to airlock-sh and messages to the console. Each row says what must come out: an
 * exit status and an `airlock` line saying why. No row may show a stack trace (`at dev.airlock`, a Java
 * exception name), and nothing unapproved runs: commands that would print MARKER-RAN or create
 * `marker` must not.
 */
class HostileInputTest {
    private static final String RAN = "MARKER-RAN";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path work;
    Path home;
    Map<String, String> env;
    final String server = "airlock-hostile-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    /** One hostile input: what runs, in which environment, with which stdin, and what must come out. */
    record Row(String name, List<String> argv, Map<String, String> env, byte[] stdin, Set<Integer> exits, String says) {}

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        home = Files.createDirectories(tmp.resolve("home"));
        env = Run.env(home);
        env.put("AIRLOCK_SOCKET", tmp.resolve("run/console.sock").toString());
    }


    private static List<String> airlock(String... args) {
        List<String> out = new ArrayList<>(List.of(Run.ROOT.resolve("bin/airlock").toString()));
        out.addAll(List.of(args));
        return out;
    }

    private static List<String> shim(String... args) {
        List<String> out = new ArrayList<>(List.of(Run.SHIM.toString()));
        out.addAll(List.of(args));
        return out;
    }

    /** argv built by bash, for bytes Java cannot put in an argument: `$'\xff'`. */
    private static List<String> viaBash(String script) {
        return List.of("/bin/bash", "-c", script, Run.ROOT.toString());
    }

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Row row(String name, List<String> argv, Map<String, String> env, String stdin, Set<Integer> exits,
            String says) {
        return new Row(name, argv, env, stdin == null ? null : bytes(stdin), exits, says);
    }

    @Test
    void argvPolicyFilesEnvironmentAndPipedInputFailClosedWithAClearError() throws Exception {
        String huge = "a".repeat(120_000);
        Path badRegex = file("bad-regex.json", bytes("{\"airlock_policy\":1,\"rules\":[{\"id\":\"x\",\"decision\":\"ask\","
                + "\"reason\":\"r\",\"match\":{\"args_any\":[\"(\"]}}]}"));
        Path deep = file("deep.json", bytes("[".repeat(100_000) + "]".repeat(100_000)));
        Path dup = file("dup.json", bytes("{\"airlock_policy\":1,\"airlock_policy\":1}"));
        Path wrongType = file("type.json", bytes("{\"airlock_policy\":1,\"rules\":{\"id\":1}}"));
        Path unknown = file("unknown.json", bytes("{\"airlock_policy\":1,\"rulez\":[]}"));
        Path badUtf8 = file("utf8.json", bytes("{\"description\":\"\u00ff\u00fe\"}"));
        Path nul = file("nul.json", bytes("{\"airlock_policy\":1\u0000}"));
        Path hugePolicy = file("huge.json", bytes("{\"description\":\"" + "x".repeat(3_000_000)));
        Path empty = file("empty.json", new byte[0]);
        Path dollarId = file("dollar.json", bytes("{\"airlock_policy\":1,\"rules\":[{\"id\":\"p.$1\\\\x\","
                + "\"decision\":\"ask\",\"reason\":{}}]}"));
        Path aFile = file("not-a-dir", bytes("x"));
        Map<String, String> none = Map.of();
        List<Row> rows = List.of(
                // argv of airlock
                row("check without a command", airlock("check"), none, null, Set.of(2), "airlock: check needs a COMMAND"),
                row("an option twice", airlock("check", "--json", "--json", "ls"), none, null, Set.of(2), "airlock: option '--json'"),
                row("an unknown option", airlock("check", "--bogus", "ls"), none, null, Set.of(2), "airlock: Unknown option"),
                row("an unknown subcommand", airlock("nosuchcommand"), none, null, Set.of(2), "airlock: Unmatched argument"),
                row("a 120 KB word", airlock("check", "echo " + huge), none, null, Set.of(0), ""),
                row("invalid UTF-8 in the command", viaBash("exec \"$0/bin/airlock\" check $'ls \\xff'"), none, null,
                        Set.of(3), "invalid UTF-8"),
                row("a policy that is missing", airlock("check", "--policy", "/nonexistent/p.json", "ls"), none, null,
                        Set.of(3), "airlock: policy: /nonexistent/p.json: no such file"),
                row("a policy that is a directory", airlock("check", "--policy", tmp.toString(), "ls"), none, null,
                        Set.of(3), "Is a directory"),
                row("a policy with a bad regex", airlock("check", "--policy", badRegex.toString(), "ls"), none, null,
                        Set.of(3), "bad regular expression"),
                row("a policy nested 100000 deep", airlock("check", "--policy", deep.toString(), "ls"), none, null,
                        Set.of(3), "nesting deeper than"),
                row("a policy with a duplicate key", airlock("check", "--policy", dup.toString(), "ls"), none, null,
                        Set.of(3), "Duplicate field"),
                row("a policy with a wrong type", airlock("check", "--policy", wrongType.toString(), "ls"), none, null,
                        Set.of(3), "airlock: policy:"),
                row("a policy with an unknown field", airlock("check", "--policy", unknown.toString(), "ls"), none, null,
                        Set.of(3), "rulez"),
                row("a policy in invalid UTF-8", airlock("check", "--policy", badUtf8.toString(), "ls"), none, null,
                        Set.of(3), "not valid UTF-8"),
                row("a policy holding NUL", airlock("check", "--policy", nul.toString(), "ls"), none, null,
                        Set.of(3), "airlock: policy:"),
                row("a 3 MB unterminated policy", airlock("check", "--policy", hugePolicy.toString(), "ls"), none, null,
                        Set.of(3), "airlock: policy:"),
                row("an empty policy file", airlock("check", "--policy", empty.toString(), "ls"), none, null,
                        Set.of(3), "airlock: policy:"),
                row("a rule id holding $1 and a backslash (fuzzing: IllegalArgumentException)",
                        airlock("check", "--policy", dollarId.toString(), "ls"), none, null, Set.of(3),
                        "rule 'p.$1\\x': \"reason\" must be a non-empty string"),
                row("audit show of a non-number", airlock("audit", "show", "abc"), none, null, Set.of(2), "is not a long"),
                row("audit list since nonsense", airlock("audit", "list", "--since", "soonish"), none, null, Set.of(2),
                        "is not a time"),
                // argv of airlock-sh
                row("-c without text", shim("-c"), none, null, Set.of(2), "-c: option requires an argument"),
                row("an unknown option", shim("--bogus", "-c", "echo " + RAN), none, null, Set.of(2), "--bogus: invalid option"),
                row("-o without a name lists the options (used to hang)", shim("-o"), none, null, Set.of(0), ""),
                row("an empty command", shim("-c", ""), none, null, Set.of(126), "airlock: refused an empty command"),
                row("invalid UTF-8", viaBash("exec \"$0/bin/shim/bash\" -c $'echo " + RAN + " \\xff'"), none, null,
                        Set.of(126), "invalid UTF-8"),
                row("a control character", shim("-c", "echo " + RAN + "\u0001; touch marker"), none, null, Set.of(126),
                        "airlock: refused"),
                row("a 9 KB sed script that made a policy pattern backtrack for minutes",
                        shim("-c", "sed '" + "s/".repeat(3000) + "' /dev/null; echo " + RAN), none, null, Set.of(126),
                        "too long or intricate"),
                row("a glob of 80 gaps", shim("-c", "cat " + "*?".repeat(40) + "x; echo " + RAN), none, null, Set.of(126),
                        "airlock: refused"),
                // stdin of piped airlock-sh: the whole line is refused
                row("piped invalid UTF-8", shim(), none, "echo " + RAN + " \u00ff\n", Set.of(126), "invalid UTF-8"),
                row("piped NUL", shim(), none, "echo x\u0000; echo " + RAN + "\n", Set.of(126), "NUL"),
                row("piped unterminated quote", shim(), none, "echo '" + RAN + "\n", Set.of(126), "airlock: refused"),
                row("piped 2 MB line", shim(), none, "echo " + "b".repeat(2_000_000) + "; echo " + RAN + "\n",
                        Set.of(126), "airlock: refused"),
                // environment variables
                row("AIRLOCK_APPROVAL_TIMEOUT not a number", shim("-c", "touch marker"),
                        Map.of("AIRLOCK_APPROVAL_TIMEOUT", "abc"), null, Set.of(126), "is not seconds from 1 to 86400"),
                row("AIRLOCK_APPROVAL_TIMEOUT negative", shim("-c", "touch marker"),
                        Map.of("AIRLOCK_APPROVAL_TIMEOUT", "-1"), null, Set.of(126), "is not seconds from 1 to 86400"),
                row("AIRLOCK_APPROVAL_TIMEOUT huge", shim("-c", "touch marker"),
                        Map.of("AIRLOCK_APPROVAL_TIMEOUT", "9".repeat(40)), null, Set.of(126), "is not seconds from 1 to 86400"),
                row("AIRLOCK_POLICY garbage", shim("-c", "echo " + RAN), Map.of("AIRLOCK_POLICY", badRegex.toString()),
                        null, Set.of(126), "airlock: policy:"),
                row("AIRLOCK_POLICY a directory", shim("-c", "echo " + RAN), Map.of("AIRLOCK_POLICY", tmp.toString()),
                        null, Set.of(126), "airlock: policy:"),
                row("AIRLOCK_AUDIT a directory", shim("-c", "echo " + RAN), Map.of("AIRLOCK_AUDIT", tmp.toString()),
                        null, Set.of(126), "airlock: cannot write the audit log"),
                row("AIRLOCK_AUDIT on a full disk", shim("-c", "echo " + RAN), Map.of("AIRLOCK_AUDIT", "/dev/full"),
                        null, Set.of(126), "airlock: cannot write the audit log"),
                row("AIRLOCK_AUDIT under a file", shim("-c", "echo " + RAN),
                        Map.of("AIRLOCK_AUDIT", aFile.resolve("audit.jsonl").toString()), null, Set.of(126),
                        "airlock: cannot write the audit log"),
                row("AIRLOCK_SOCKET longer than a socket path may be", shim("-c", "touch marker"),
                        Map.of("AIRLOCK_SOCKET", tmp.resolve("s".repeat(200)).toString()), null, Set.of(126), "airlock: refused"),
                row("AIRLOCK_SOCKET a plain file", shim("-c", "touch marker"), Map.of("AIRLOCK_SOCKET", aFile.toString()),
                        null, Set.of(126), "airlock: refused"),
                row("AIRLOCK_APPROVAL a control character", shim("-c", "touch marker"), Map.of("AIRLOCK_APPROVAL", "\u0001"),
                        null, Set.of(126), "is not console or tty"),
                row("AIRLOCK_REAL_SHELL missing", shim("-c", "echo " + RAN), Map.of("AIRLOCK_REAL_SHELL", "/nonexistent"),
                        null, Set.of(126), "airlock: the real shell /nonexistent is missing"),
                row("AIRLOCK_REAL_SHELL exits at once, piped (used to hang)", shim(), Map.of("AIRLOCK_REAL_SHELL", "/bin/true"),
                        "echo " + RAN + "\n", Set.of(126), "airlock: the real shell stopped"));
        runAll(rows);
        assertFalse(Files.exists(work.resolve("marker")), "a refused command ran");
    }

    @Test
    void sigtermWhilePipedAirlockShWaitsForInputEndsIt() throws Exception {
        // Used to hang: the signal went to a real shell that had died, and airlock-sh kept reading stdin.
        ProcessBuilder pb = new ProcessBuilder("setsid", Run.SHIM.toString()).directory(work.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            p.getOutputStream().write("echo ready\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine()); // the command ran; airlock-sh waits for the next line
            // "ready" comes before the command's status reaches airlock-sh: the signal may find it still
            // finishing that command, not yet waiting for the next line (it used to wait for ever then).
            List<ProcessHandle> shells = p.children().filter(c -> c.info().arguments()
                    .map(a -> List.of(a).equals(List.of("-s"))).orElse(false)).toList();
            assertEquals(1, shells.size(), "the real shell, bash -s: " + shells);
            Runtime.getRuntime().exec(new String[] {"kill", "-TERM", Long.toString(p.pid())}).waitFor();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "airlock-sh kept waiting after SIGTERM");
            assertEquals(143, p.exitValue());
            for (ProcessHandle shell : shells) {
                shell.onExit().get(1, TimeUnit.MINUTES); // the real shell ended with it (else: TimeoutException)
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void batchLinesEachGetADenyingErrorLine() throws Exception {
        List<String> lines = List.of("", "garbage", "{\"command\":\"ls\\u0000; rm -rf /\"}", "{\"command\":\"ls\"}\u0000",
                "{\"command\":\"ls \u00ff\"}", "{\"command\":5}", "{\"command\":null}", "[\"ls\"]",
                "[".repeat(5000) + "]".repeat(5000), "{\"command\":\"rm -rf /\",\"command\":\"ls\"}",
                "{\"command\":\"ls\"} {\"command\":\"rm -rf /\"}", "{\"command\":\"ls\",\"cwd\":7}",
                "{\"command\":\"" + "a".repeat(3_000_000) + "\"}");
        StringBuilder in = new StringBuilder();
        lines.forEach(l -> in.append(l).append('\n'));
        in.append("{\"command\":\"ls\",\"unknown\":{\"x\":[1]}}\n"); // unknown fields are ignored
        Run.Result r = Run.run(airlock("check", "--batch"), env, work, bytes(in.toString()), 60);
        assertEquals(0, r.exit(), r.err());
        noStackTrace("batch", r);
        String[] out = r.out().split("\n");
        assertEquals(lines.size() + 1, out.length, r.out());
        for (int k = 0; k < lines.size(); k++) {
            JsonNode o = JSON.readTree(out[k]);
            assertEquals("deny", o.get("decision").asText(), "line " + (k + 1) + ": " + out[k]);
            assertTrue(o.hasNonNull("error") || o.get("rules").toString().contains("parse.error"), out[k]);
        }
        assertEquals("allow", JSON.readTree(out[lines.size()]).get("decision").asText());
    }

    @Test
    void aBrokenAuditLogIsReportedNotCrashedOn() throws Exception {
        Run.Result first = Run.run(shim("-c", "echo hello"), env, work);
        assertEquals(0, first.exit(), first.err());
        Path log = Run.auditLog(home);
        byte[] good = Files.readAllBytes(log);
        Map<String, String> tails = new HashMap<>();
        tails.put("garbage", "garbage\n");
        tails.put("NUL", "\u0000\u0000\u0000\n");
        tails.put("invalid UTF-8", "\u00ff\u00fe\n");
        tails.put("deep nesting", "[".repeat(5000) + "]".repeat(5000) + "\n");
        tails.put("a huge number", "{\"seq\":" + "9".repeat(5000) + "}\n");
        tails.put("a record twice", new String(good, StandardCharsets.ISO_8859_1));
        for (Map.Entry<String, String> t : tails.entrySet()) {
            Files.write(log, good);
            Files.write(log, bytes(t.getValue()), java.nio.file.StandardOpenOption.APPEND);
            Run.Result verify = Run.run(airlock("audit", "verify"), env, work);
            assertEquals(1, verify.exit(), t.getKey() + ": " + verify.out() + verify.err());
            assertTrue(verify.err().contains("airlock: audit log broken"), t.getKey() + ": " + verify.err());
            noStackTrace(t.getKey(), verify);
            Run.Result list = Run.run(airlock("audit", "list"), env, work);
            noStackTrace(t.getKey() + " (list)", list);
            assertTrue(list.out().contains("echo hello"), t.getKey() + ": " + list.out());
        }
        Files.write(log, good);
        Files.writeString(log.resolveSibling("audit.head"), "garbage");
        Run.Result verify = Run.run(airlock("audit", "verify"), env, work);
        assertEquals(1, verify.exit());
        assertTrue(verify.err().contains("head"), verify.err());
        noStackTrace("head", verify);
    }

    @Test
    void hostileAnswersFromAConsoleAreDenials() throws Exception {
        String tooLong = "{\"type\":\"decision\",\"id\":\"{id}\",\"decision\":\"approve\",\"note\":\"" + "n".repeat(1_100_000) + "\"}\n";
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("an empty line", "\n");
        answers.put("an empty object", "{}\n");
        answers.put("NUL", "\u0000\n");
        answers.put("invalid UTF-8", "\u00ff\u00fe\n");
        answers.put("an array", "[{\"type\":\"decision\",\"id\":\"{id}\",\"decision\":\"approve\"}]\n");
        answers.put("deep nesting", "[".repeat(5000) + "]".repeat(5000) + "\n");
        answers.put("a wrong type", "{\"type\":\"decision\",\"id\":\"{id}\",\"decision\":true}\n");
        answers.put("a duplicate key", "{\"type\":\"decision\",\"id\":\"{id}\",\"decision\":\"deny\",\"decision\":\"approve\"}\n");
        answers.put("another request's id", "{\"type\":\"decision\",\"id\":\"other\",\"decision\":\"approve\"}\n");
        answers.put("APPROVE in capitals", "{\"type\":\"decision\",\"id\":\"{id}\",\"decision\":\"APPROVE\"}\n");
        answers.put("a line over 1 MiB", tooLong);
        answers.put("no newline, then closed", "{\"type\":\"decision\",\"id\":\"{id}\",\"decision\":\"app");
        int n = 0;
        for (Map.Entry<String, String> a : answers.entrySet()) {
            String name = "fake" + n++;
            Path log = tmp.resolve(name + ".log");
            Map<String, String> fake = new HashMap<>(env);
            fake.put("FAKE_ANSWER_FILE", file(name + ".answer", bytes(a.getValue())).toString());
            // a tmux server of its own: a running server would hand the pane the first fake's environment
            Tmux tmux = new Tmux(server + name);
            try {
                tmux.run(fake, "new-session", "-d", "-s", name, "-x", "80", "-y", "10", Run.fakeConsole(log));
                awaitFakeConsole(log);
                Run.Result r = Run.run(shim("-c", "touch marker"), env, work);
                assertEquals(126, r.exit(), a.getKey() + ": " + r.err());
                assertTrue(r.err().contains("airlock: "), a.getKey() + ": " + r.err());
                noStackTrace(a.getKey(), r);
                assertTrue(Files.readString(log).contains("asked"), a.getKey() + ": the fake console was not asked: " + r.err()
                        + "; its log: " + Files.readString(log));
                assertFalse(Files.exists(work.resolve("marker")), a.getKey() + ": the command ran");
            } finally {
                // Returns once this fake has ended. The next fake binds the same path: a dying one still listening
                // there (a JVM takes its time over SIGHUP on a loaded machine) is a second listener, without a
                // terminal since the hang-up, and airlock refuses to ask when any listener is not a person's console.
                tmux.kill();
            }
        }
    }

    @Test
    void hostileMessagesToTheConsoleChangeNothingAndEscapesAreShownNotObeyed() throws Exception {
        Tmux console = new Tmux(server + "-console");
        Path socket = Path.of(env.get("AIRLOCK_SOCKET"));
        Process agent = null;
        try {
            console.run(env, "new-session", "-d", "-s", "c", "-x", "150", "-y", "30", Run.ROOT.resolve("bin/airlock") + " console");
            console.await("c", "airlock console:");
            List<String> junk = List.of("\u0000\u0000\n", "\u00ff\u00fe{\n", "[".repeat(5000) + "]".repeat(5000) + "\n",
                    "{\"type\":\"request\",\"id\":\"a\",\"command\":\"ls\",\"command\":\"rm -rf ~\"}\n",
                    "{\"type\":\"request\",\"id\":5,\"command\":[\"ls\"]}\n",
                    "{\"type\":\"request\",\"id\":\"b\",\"command\":\"x\",\"highlights\":[[0,99999],[-5,2],\"x\"],"
                            + "\"pid\":\"y\",\"timeout_s\":-1,\"reasons\":{\"a\":1}}\n");
            for (String line : junk) {
                try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                    ch.connect(java.net.UnixDomainSocketAddress.of(socket));
                    ch.write(java.nio.ByteBuffer.wrap(bytes(line)));
                    ch.shutdownOutput();
                    ch.read(java.nio.ByteBuffer.allocate(256)); // an answer or none: the console must stay up
                } catch (java.io.IOException hungUp) {
                    // the console may hang up on junk
                }
            }
            // The agent paints "echo hello" over its command with terminal escapes.
            ProcessBuilder pb = new ProcessBuilder("setsid", Run.SHIM.toString(), "-c",
                    "touch marker #\u001b[2K\r\u001b[1Acommand: echo hello").directory(work.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(env);
            agent = pb.start();
            String screen = console.await("c", "touch marker");
            assertTrue(screen.contains("command: touch marker #\\x1b[2K\\r\\x1b[1Acommand: echo hello"), screen);
            assertTrue(screen.contains("1 waiting"), "only the agent's request is waiting:\n" + screen);
            console.run(env, "send-keys", "-t", "c", "n");
            assertTrue(agent.waitFor(60, TimeUnit.SECONDS));
            assertEquals(126, agent.exitValue());
            assertFalse(Files.exists(work.resolve("marker")));
        } finally {
            if (agent != null) { // on a failure above it may still wait for the console
                agent.destroyForcibly();
                agent.waitFor();
            }
            console.kill();
        }
    }

    private void runAll(List<Row> rows) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<String>> results = new ArrayList<>();
        for (Row row : rows) {
            results.add(pool.submit(() -> check(row)));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> f : results) {
            String failure = f.get();
            if (failure != null) {
                failures.add(failure);
            }
        }
        pool.shutdown();
        assertEquals(List.of(), failures, failures.size() + " of " + rows.size() + " rows failed");
    }

    private String check(Row row) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.putAll(row.env());
        Run.Result r = Run.run(row.argv(), e, work, row.stdin(), 60);
        String err = r.err();
        if (!row.exits().contains(r.exit())) {
            return row.name() + ": exit " + r.exit() + ", expected " + row.exits() + "; stderr: " + clip(err);
        }
        if (!(err + r.out()).contains(row.says())) {
            return row.name() + ": the output lacks `" + row.says() + "`: " + clip(err + r.out());
        }
        if (err.contains("at dev.airlock") || err.contains("Exception") || r.out().contains("Exception")) {
            return row.name() + ": a stack trace or exception reached the user: " + clip(err);
        }
        if (r.out().contains(RAN) && !row.name().startsWith("a 120 KB")) {
            return row.name() + ": the command ran: " + clip(r.out());
        }
        return null;
    }

    private static void noStackTrace(String what, Run.Result r) {
        assertFalse(r.err().contains("at dev.airlock") || r.err().contains("Exception") || r.out().contains("Exception"),
                what + ": " + clip(r.err()));
    }

    private static String clip(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    /** Returns once the fake console listens (it writes `pid N` to its log then); fails after two minutes. */
    private static void awaitFakeConsole(Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).startsWith("pid ")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the fake console did not start");
    }
}
