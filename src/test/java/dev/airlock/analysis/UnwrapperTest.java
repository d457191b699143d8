package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnwrapperTest {
    private final Walk walk = WalkFixture.walk();

    private String found(String text) {
        return WalkFixture.found(walk, text);
    }

    @Test
    void sudoAndEnvUnwrapWithTheirAssignments() {
        found("sudo env A=1 rm -rf /");
        Invocation rm = walk.graph.get(2);
        assertEquals("rm -rf /", rm.display());
        assertEquals(List.of("sudo", "env"), rm.wrappers());
        assertEquals("A", rm.assignments().get(0).name());
        assertTrue(walk.graph.get(0).unwrapped());
    }

    @Test
    void aShellStringGetsItsNameAndArgumentsAsPositionalParameters() {
        assertEquals("command bash -c rm \"$1\" name ~\ncommand rm ~", found("bash -c 'rm \"$1\"' name ~"));
    }

    @Test
    void envChdirMovesTheCommandItRuns() {
        found("env -C /tmp cat x");
        assertEquals("/tmp", walk.graph.get(1).cwd());
    }

    @Test
    void evalNestedTooDeepStopsWithALimit() {
        found("eval eval eval eval eval eval eval eval eval eval ls");
        assertEquals("commands nested in shell strings deeper than " + Analyzer.MAX_REPARSE_DEPTH + " levels",
                walk.graph.analysis("").limit().orElseThrow());
    }

    @Test
    void aRunTimeShellStringIsDynamic() {
        assertEquals("command bash -c \"$x\"\ndynamic \"$x\"", found("bash -c \"$x\""));
    }
}
