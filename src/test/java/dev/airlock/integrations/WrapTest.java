package dev.airlock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `bin/airlock wrap AGENT` starting stand-in agents that report the shell they would run. */
class WrapTest extends InPrivateHome {

    @BeforeEach
    void setUp() throws Exception {
        agentsOnPath(null, "claude", "codex", "gemini", "opencode");
    }

    @AfterEach
    void leavesNoTemporaryFiles() throws Exception {
        try (Stream<Path> left = Files.list(Path.of(airlock.env.get("TMPDIR")))) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "plan or passwd copies left behind");
        }
    }

    private static String line(Airlock.Result r, String key) {
        return r.out().lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElseThrow(() -> new AssertionError(key + " missing: " + r.out() + r.err()));
    }

    private Airlock.Result wrap(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "wrap";
        System.arraycopy(args, 0, all, 1, args.length);
        return airlock.run(all);
    }

    @Test
    void claudeCodeGetsTheShimAsClaudeCodeShellAndItsArgumentsUnchanged() throws Exception {
        Airlock.Result r = wrap("claude-code", "-p", "fix the bug", "--permission-mode", "bypassPermissions");
        assertEquals(FakeAgents.EXIT, r.exit(), r.err());
        assertEquals("-p fix the bug --permission-mode bypassPermissions", line(r, "agent=claude args"));
        assertEquals(Airlock.SHIM_BASH.toString(), line(r, "claude_code_shell"));
        assertEquals("/bin/bash", line(r, "shell"), "SHELL is left alone for Claude Code");
        assertEquals("", r.err());
    }

    @Test
    void opencodeGetsTheShimThroughItsInlineConfigurationKeepingThePersonsOwn() throws Exception {
        airlock.env.put("OPENCODE_CONFIG_CONTENT", "{\"model\":\"ollama/qwen\"}");
        Airlock.Result r = wrap("opencode", "run", "hi");
        assertEquals(FakeAgents.EXIT, r.exit(), r.err());
        assertEquals("{\"model\":\"ollama/qwen\",\"shell\":\"" + Airlock.SHIM_BASH + "\"}", line(r, "opencode_config"));
        assertEquals(Airlock.SHIM_BASH.toString(), line(r, "shell"));
        airlock.env.put("OPENCODE_CONFIG_CONTENT", "{not json");
        Airlock.Result bad = wrap("opencode", "run", "hi");
        assertEquals(126, bad.exit());
        assertEquals("", bad.out(), "nothing ran");
        assertTrue(bad.err().startsWith("airlock: OPENCODE_CONFIG_CONTENT is not JSON"), bad.err());
    }

    @Test
    void geminiFindsTheShimAsTheFirstBashOnPath() throws Exception {
        Airlock.Result r = wrap("gemini", "--yolo");
        assertEquals(FakeAgents.EXIT, r.exit(), r.err());
        assertEquals(Airlock.SHIM_BASH.toString(), line(r, "first_bash"));
        assertEquals("/bin/bash", line(r, "shell"));
    }

    /** Whether this machine lets an unprivileged process make user and mount namespaces (containers often do not). */
    private static boolean namespacesWork() throws Exception {
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "--", "unshare", "--user",
                "--map-user=" + uid, "--map-group=0", "--", "/bin/true").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void codexSeesTheShimAsItsLoginShellOrIsNotStartedAtAll() throws Exception {
        byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));
        Airlock.Result r = wrap("codex", "exec", "hi");
        if (!namespacesWork()) {
            // Where namespaces are forbidden, Codex must not start unguarded.
            assertEquals(126, r.exit(), r.out() + r.err());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("airlock: cannot start codex in a private user and mount namespace"), r.err());
            return;
        }
        assertEquals(FakeAgents.EXIT, r.exit(), r.err());
        assertEquals(Airlock.SHIM_BASH.toString(), line(r, "login_shell"));
        assertEquals("exec hi", line(r, "agent=codex args"));
        assertTrue(java.util.Arrays.equals(passwd, Files.readAllBytes(Path.of("/etc/passwd"))));
        Airlock.Result outside = airlock.exec(List.of("/bin/sh", "-c", "getent passwd \"$(id -u)\" | cut -d: -f7"), new byte[0]);
        assertTrue(!outside.out().strip().equals(Airlock.SHIM_BASH.toString()), outside.out());
        assertSignalsReachTheAgent("codex");
    }

    @Test
    void codexIsNotStartedWhenTheSystemForbidsNamespaces() throws Exception {
        // An unshare that fails the way it does under a container's seccomp profile.
        Path fake = Files.createDirectories(tmp.resolve("forbidding"));
        Path unshare = Files.writeString(fake.resolve("unshare"),
                "#!/bin/sh\necho 'unshare: unshare failed: Operation not permitted' >&2\nexit 1\n");
        Files.setPosixFilePermissions(unshare, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        airlock.env.put("PATH", fake + ":" + airlock.env.get("PATH"));
        Airlock.Result r = wrap("codex", "exec", "hi");
        assertEquals(126, r.exit(), r.out() + r.err());
        assertEquals("", r.out(), "codex did not run");
        assertTrue(r.err().startsWith("airlock: cannot start codex in a private user and mount namespace "
                + "(unshare: unshare failed: Operation not permitted)"), r.err());
        assertTrue(r.err().contains("airlock: Codex was not started."), r.err());
    }

    @Test
    void anAgentThatIsNotInstalledIsNotStarted() throws Exception {
        airlock.env.put("PATH", "/usr/bin:/bin");
        Airlock.Result r = wrap("gemini");
        assertEquals(126, r.exit());
        assertTrue(r.err().startsWith("airlock: gemini is not on PATH"), r.err());
        Airlock.Result unknown = wrap("cursor");
        assertEquals(2, unknown.exit());
    }

    @Test
    void theAgentReplacesTheLauncherSoItsPidExitStatusAndSignalsAreItsOwn() throws Exception {
        assertSignalsReachTheAgent("gemini");
        assertSignalsReachTheAgent("opencode");
    }

    /** Starts the agent through wrap, checks it runs as the launcher's own process, and sends that process SIGTERM. */
    private void assertSignalsReachTheAgent(String agent) throws Exception {
        Path marker = tmp.resolve(agent + ".term");
        ProcessBuilder pb = new ProcessBuilder(Airlock.LAUNCHER.toString(), "wrap", agent)
                .directory(airlock.home.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(tmp.resolve(agent + ".out").toFile()).redirectError(tmp.resolve(agent + ".err").toFile());
        pb.environment().clear();
        pb.environment().putAll(airlock.env);
        pb.environment().put("FAKE_AGENT_WAIT", marker.toString());
        Process p = pb.start();
        Path ready = tmp.resolve(agent + ".term.ready");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ready) && p.isAlive() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(ready), agent + " did not start: " + Files.readString(tmp.resolve(agent + ".err")));
        String out = Files.readString(tmp.resolve(agent + ".out"), StandardCharsets.UTF_8);
        assertTrue(out.contains("pid=" + p.pid() + "\n"), "the agent runs as the launcher's own process: " + out);
        p.destroy(); // SIGTERM to that one process
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "hang guard");
        assertEquals(143, p.exitValue());
        assertEquals("got-TERM", Files.readString(marker).strip());
    }
}
