package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShellStateTest {
    @Test
    void aCopyKeepsItsChangesToItself() {
        ShellState sh = WalkFixture.shell();
        sh.assign("a", "1");
        ShellState sub = sh.copy();
        sub.assign("a", "2");
        sub.cwd = "/tmp";
        sub.defined.add("f");
        assertEquals("1", sh.vars.get("a"));
        assertEquals(WalkFixture.CWD, sh.cwd);
        assertFalse(sh.defined.contains("f"));
    }

    @Test
    void anAssignmentThatMayNotRunMakesTheValueUnknown() {
        ShellState sh = WalkFixture.shell();
        sh.conditional++;
        sh.assign("a", "1");
        assertTrue(sh.vars.containsKey("a"));
        assertNull(sh.vars.get("a"));
    }

    @Test
    void assigningIfsMakesSplittingUnknown() {
        ShellState sh = WalkFixture.shell();
        sh.numeric.add("IFS");
        sh.assign("IFS", ":");
        assertTrue(sh.customIfs);
        assertFalse(sh.numeric.contains("IFS"));
    }

    @Test
    void aScopeRecordsWrappersDepthAndFunctions() {
        Scope s = Scope.top().with(Invocation.Origin.TOP, "sudo").deeper(Invocation.Origin.SHELL_STRING, "bash")
                .inFunction("f");
        assertEquals(List.of("sudo", "bash"), s.wrappers());
        assertEquals(1, s.reparseDepth());
        assertEquals(Invocation.Origin.SHELL_STRING, s.origin());
        assertEquals(Set.of("f"), s.inFunctions());
        assertEquals(List.of(), Scope.top().with(Invocation.Origin.SUBSTITUTION, null).wrappers());
    }
}
