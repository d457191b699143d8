package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codex's nested start: the outer airlock-sh asks once; the inner start of the same command, in the
 * same process, consumes a single-use receipt instead of asking again. A receipt an agent writes
 * itself is worthless. The person answers on a real terminal (a pty from `script`), as with
 * AIRLOCK_APPROVAL=tty.
 */
class ReceiptTest {
    @TempDir
    Path tmp;
    Path home;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        env = Run.env(home);
        env.put("AIRLOCK_APPROVAL", "tty");
    }

    private String codexText(String command) throws Exception {
        AgentCases.Case codex = AgentCases.load(tmp, Run.SHIM.getParent().toString()).stream()
                .filter(c -> c.agent().equals("codex") && c.purpose().equals("command") && c.caseName().equals("c1_ls"))
                .findFirst().orElseThrow();
        return AgentCases.rewrap(codex, codex.requested(), command);
    }

    /** Runs the shim on a pty; {@code answers} are typed at the terminal, one line per question, a few seconds apart. */
    private String onTerminal(String text, String... answers) throws Exception {
        Path script = Files.writeString(tmp.resolve("cmd.txt"), text);
        StringBuilder typing = new StringBuilder();
        for (String a : answers) {
            typing.append("sleep 4; echo ").append(a).append("; ");
        }
        typing.append("sleep 4");
        String inner = Run.SHIM + " -c \"$(cat " + script + ")\"; echo \"rc=$?\"";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "(" + typing + ") | script -qec '" + inner + "' /dev/null")
                .directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).replace("\r", "");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    private List<JsonNode> audit() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(Run.auditLog(home))) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    void codexNestedStartAsksOnceAndRunsOnce() throws Exception {
        String out = onTerminal(codexText("touch made-once"), "y");
        assertTrue(out.contains("rc=0"), out);
        assertTrue(Files.exists(tmp.resolve("made-once")));
        assertEquals(1, out.split("approval needed", -1).length - 1, "one question for one command: " + out);
        List<JsonNode> decisions = audit().stream().filter(n -> n.get("event").asText().equals("decision")).toList();
        assertEquals(2, decisions.size());
        assertEquals(decisions.get(0).get("seq").asLong(), decisions.get(1).get("receipt_of").asLong());
        assertFalse(Files.list(home.resolve(".local/state/airlock/receipts")).findAny().isPresent(), "the receipt is used up");
    }

    @Test
    void aReceiptWrittenByTheAgentIsIgnored() throws Exception {
        Path receipts = Files.createDirectories(home.resolve(".local/state/airlock/receipts"));
        // The forged receipt names the process that will exec the shim and claims its parent approved it.
        String forge = "printf '%s\\n' $PPID $(sed 's/.*) //' /proc/$PPID/stat | cut -d' ' -f20) $(printf 'touch forged\\0%s' \"$PWD\" | sha256sum | cut -d' ' -f1) 1 console"
                + " > " + receipts + "/$$-0000000000000000.receipt; exec " + Run.SHIM + " -c 'touch forged'";
        Run.Result r = Run.run(List.of("bash", "-c", forge), Map.copyOf(withoutTty()), tmp);
        assertEquals(126, r.exit(), r.err());
        assertFalse(Files.exists(tmp.resolve("forged")));
        assertEquals("none", audit().get(0).get("approver").asText());
    }

    private Map<String, String> withoutTty() {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.remove("AIRLOCK_APPROVAL");
        return e;
    }
}
