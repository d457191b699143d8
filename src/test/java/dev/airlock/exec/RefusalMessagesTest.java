package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an agent reads when airlock-sh refuses, with no console running: words that fit where it is. */
class RefusalMessagesTest {
    @TempDir
    Path tmp;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        env = Run.env(Files.createDirectories(tmp.resolve("home")));
        env.put("AIRLOCK_SOCKET", tmp.resolve("no-console.sock").toString());
    }

    @Test
    void aRefusedAskSaysItNeedsApprovalAndQuotesTheRedirectionBehindIt() throws Exception {
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "echo hi > f.txt"), env, tmp);
        assertEquals(126, r.exit());
        assertTrue(r.err().contains("airlock: needs approval (write.redirect): a redirection writes to a file (1:9 `> f.txt`)"),
                r.err());
        assertFalse(r.err().contains("airlock: ask ("), "an ask that was refused is not an open question: " + r.err());
        assertFalse(Files.exists(tmp.resolve("f.txt")));
    }

    @Test
    void withoutATerminalTheAgentIsNotToldToUseTheTerminal() throws Exception {
        Run.Result c = Run.run(List.of(Run.SHIM.toString(), "-c", "touch x"), env, tmp);
        Run.Result piped = Run.run(List.of(Run.SHIM.toString(), "-s"), env, tmp, "touch x\n".getBytes(StandardCharsets.UTF_8), 60);
        for (Run.Result r : List.of(c, piped)) {
            assertTrue(r.err().contains("no approval console is running: start `airlock console` in a terminal of your own\n"),
                    r.err());
            assertFalse(r.err().contains("AIRLOCK_APPROVAL"), "setsid: no terminal to answer on: " + r.err());
        }
    }

    @Test
    void onATerminalAirlockShMayOfferToAskThere() throws Exception {
        Path script = Files.writeString(tmp.resolve("cmd.sh"), Run.SHIM + " -c 'touch x'; echo rc=$?\n");
        java.util.Map<String, String> withPath = new java.util.HashMap<>(env);
        Run.Result r = Run.run(List.of("script", "-qec", "bash " + script, "/dev/null"), withPath, tmp);
        String out = r.out().replace("\r", "");
        assertTrue(out.contains("or set AIRLOCK_APPROVAL=tty to answer on this terminal"), out);
        assertTrue(out.contains("rc=126"), out);
    }
}
