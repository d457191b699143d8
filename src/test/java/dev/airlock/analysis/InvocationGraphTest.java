package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.shell.Pos;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvocationGraphTest {
    private final InvocationGraph graph = new InvocationGraph();
    private final Scope sudo = Scope.top().with(Invocation.Origin.TOP, "sudo");

    @Test
    void aDraftLeavesWhatIsNotSetEmptyAndTakesCwdAndScope() {
        int id = graph.draft(Invocation.Kind.NO_COMMAND, Pos.NONE, WalkFixture.shell(), sudo).add();
        Invocation inv = graph.get(id);
        assertEquals(0, id);
        assertNull(inv.program());
        assertEquals(List.of(), inv.args());
        assertEquals(List.of("sudo"), inv.wrappers());
        assertEquals(WalkFixture.CWD, inv.cwd());
        assertFalse(inv.inputDependent());
        assertFalse(inv.unwrapped());
    }

    @Test
    void markingUnwrappedKeepsEverythingElse() {
        Arg a = new Arg("x", "x", Pos.NONE, false, Set.of());
        graph.draft(Invocation.Kind.COMMAND, Pos.NONE, WalkFixture.shell(), Scope.top()).program("rm").args(List.of(a))
                .inputDependent(true).add();
        graph.markUnwrapped(0);
        Invocation inv = graph.get(0);
        assertTrue(inv.unwrapped());
        assertTrue(inv.inputDependent());
        assertEquals("rm x", inv.display());
    }

    @Test
    void linkFeedsEveryStageCommandToEveryNextOneButNeverItself() {
        for (int k = 0; k < 3; k++) {
            graph.draft(Invocation.Kind.COMMAND, Pos.NONE, WalkFixture.shell(), Scope.top()).program("p" + k).add();
        }
        graph.link(0, 2, 1, 3);
        assertEquals(Map.of(0, Set.of(1, 2), 1, Set.of(2)), graph.analysis("t").feeds());
    }

    @Test
    void aLimitReachesTheAnalysis() {
        assertEquals(Optional.empty(), graph.analysis("t").limit());
        graph.limit("too deep");
        assertEquals(Optional.of("too deep"), graph.analysis("t").limit());
    }
}
