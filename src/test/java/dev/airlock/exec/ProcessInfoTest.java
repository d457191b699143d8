package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessInfoTest {
    @Test
    void chainNamesEachAncestorNearestLast() {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        List<String> chain = ProcessInfo.chain(self, 6);
        assertTrue(chain.get(chain.size() - 1).endsWith("(" + self + ")"), chain.toString());
        assertTrue(chain.size() >= 2 && chain.get(chain.size() - 2).endsWith("(" + parent + ")"), chain.toString());
        assertTrue(chain.size() <= 7, chain.toString());
    }

    @Test
    void aProgramNameWithSpacesAndParenthesesIsReadWhole(@TempDir Path dir) throws Exception {
        // The kernel's name is the file name, cut to 15 bytes: pick one that fits and is hostile.
        Path odd = dir.resolve("a) (b c");
        Files.copy(Path.of("/bin/sleep"), odd);
        odd.toFile().setExecutable(true);
        Process p = new ProcessBuilder(odd.toString(), "30").start();
        try {
            List<String> chain = ProcessInfo.chain(p.pid(), 6);
            assertEquals("a) (b c(" + p.pid() + ")", chain.get(chain.size() - 1));
            assertEquals(ProcessInfo.chain(ProcessHandle.current().pid(), 5), chain.subList(0, chain.size() - 1));
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsGoneIsNamedUnknown() {
        long gone = Integer.MAX_VALUE - 1L;
        assertEquals(List.of("?(" + gone + ")"), ProcessInfo.chain(gone, 6));
    }
}
