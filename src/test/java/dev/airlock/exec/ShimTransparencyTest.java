package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allowed commands behave through airlock-sh exactly as under bare bash: same stdout, stderr and
 * exit status, started as agents start their shell (setsid, stdin /dev/null, no terminal).
 */
class ShimTransparencyTest {
    @TempDir
    Path tmp;

    static List<String> commands() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ShimTransparencyTest.class.getResourceAsStream("/shim/transparent.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("//")) {
                    out.add(json.readTree(line).get("command").asText());
                }
            }
        }
        return out;
    }

    @Test
    void allowedCommandsBehaveExactlyAsUnderBareBash() throws Exception {
        List<String> commands = commands();
        assertTrue(commands.size() >= 100, "the table needs at least 100 commands, has " + commands.size());
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("a.txt"), "line one\nline two\nthree\n");
        Files.writeString(work.resolve("b.txt"), "zeta line\nalpha line\nthree\nalpha line\n");
        Files.createDirectories(work.resolve("sub"));
        Files.writeString(work.resolve("sub/c.txt"), "in sub\n");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = Run.env(home);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<String>> results = new ArrayList<>();
        for (String c : commands) {
            results.add(pool.submit(() -> compare(c, env, work)));
        }
        List<String> mismatches = new ArrayList<>();
        for (Future<String> f : results) {
            String m = f.get();
            if (m != null) {
                mismatches.add(m);
            }
        }
        pool.shutdown();
        assertEquals(List.of(), mismatches, mismatches.size() + " of " + commands.size() + " commands differ");
    }

    private static String compare(String command, Map<String, String> env, Path cwd) throws Exception {
        List<String> tail = List.of("-c", command, "n1", "a1", "a2");
        List<String> bare = new ArrayList<>(List.of("/bin/bash"));
        bare.addAll(tail);
        List<String> shim = new ArrayList<>(List.of(Run.SHIM.toString()));
        shim.addAll(tail);
        Run.Result expected = Run.run(bare, env, cwd);
        Run.Result actual = Run.run(shim, env, cwd);
        if (expected.equals(actual)) {
            return null;
        }
        return "`" + command.replace("\n", "\\n") + "`: bash " + expected + " but airlock-sh " + actual;
    }
}
