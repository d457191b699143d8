package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ControlFlowTest {
    private final Walk walk = WalkFixture.walk();
    private final ShellState sh = WalkFixture.shell();

    @Test
    void aSubshellPipelineStageOrBackgroundCommandKeepsItsCdToItself() {
        WalkFixture.run(walk, "(cd /tmp); cd /etc | cat; cd /usr &", sh);
        assertEquals(WalkFixture.CWD, sh.cwd);
    }

    @Test
    void anAssignmentAfterAndAndIsUnknownAfterwards() {
        WalkFixture.run(walk, "a=1; true && b=2", sh);
        assertEquals("1", sh.vars.get("a"));
        assertNull(sh.vars.get("b"));
        assertEquals(0, sh.conditional);
    }

    @Test
    void aRelativeCdInALoopMakesTheDirectoryUnknown() {
        WalkFixture.run(walk, "while true; do cd sub; done", sh);
        assertNull(sh.cwd);
    }

    @Test
    void aLoopOverFewStaticItemsIsWalkedOnceForEach() {
        WalkFixture.run(walk, "for v in a b; do rm $v; done", sh);
        assertEquals("no_command \ncommand rm a\ncommand rm b", WalkFixture.found(walk));
    }

    @Test
    void aCompoundsRedirectionsAreItsOwnInvocationAfterItsBody() {
        WalkFixture.run(walk, "{ ls; } > out", sh);
        Invocation last = walk.graph.get(1);
        assertEquals(Invocation.Kind.NO_COMMAND, last.kind());
        assertEquals("> out", last.redirects().get(0).words());
    }

    @Test
    void aPipeFeedsEachStageToTheNext() {
        WalkFixture.run(walk, "echo 'rm -rf ~' | sh", sh);
        assertEquals("command echo rm -rf ~\ncommand sh\ncommand rm -rf ~", WalkFixture.found(walk));
    }
}
