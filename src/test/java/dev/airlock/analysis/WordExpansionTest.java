package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.shell.Pos;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordExpansionTest {
    private final Walk walk = WalkFixture.walk();
    private final ShellState sh = WalkFixture.shell();

    private List<String> values(String word) {
        return walk.words.args(WalkFixture.word(word), sh).stream().map(a -> a.value() == null ? "?" : a.value()).toList();
    }

    @Test
    void resolvesQuotesHomeAndKnownVariables() {
        sh.vars.put("d", "/tmp");
        assertEquals("rm", walk.words.resolve(WalkFixture.word("'r'\"m\""), sh));
        assertEquals("/home/dev/x", walk.words.resolve(WalkFixture.word("$HOME/x"), sh));
        assertEquals("/tmp/y", walk.words.resolve(WalkFixture.word("\"$d\"/y"), sh));
        assertNull(walk.words.resolve(WalkFixture.word("$unknown"), sh));
    }

    @Test
    void anUnquotedExpansionSplitsAndAQuotedOneDoesNot() {
        sh.vars.put("c", "rm -rf");
        assertEquals(List.of("rm", "-rf"), values("$c"));
        assertEquals(List.of("rm -rf"), values("\"$c\""));
    }

    @Test
    void bracesExpandAndAtSpreadsKnownArguments() {
        assertEquals(List.of("a1", "a2", "b1", "b2"), values("{a,b}{1,2}"));
        sh.positional = List.of(new Arg("x", "x", Pos.NONE, false, Set.of()), new Arg("y z", "y z", Pos.NONE, false, Set.of()));
        assertEquals(List.of("x", "y z"), values("\"$@\""));
    }

    @Test
    void aWordWithRunTimePartsIsReadAsThePatternOfItsStaticParts() {
        Arg a = walk.words.single(WalkFixture.word("~/.ssh/$(ls)"), sh);
        assertTrue(a.dynamic());
        assertTrue(a.classes().contains(PathClass.IN_HOME));
        assertTrue(a.classes().contains(PathClass.UNKNOWN));
    }

    @Test
    void aSingleEchoPrintsConstantOutput() {
        assertEquals("hi there\n", walk.words.constantOutput(WalkFixture.stmts("echo hi there"), sh));
        assertNull(walk.words.constantOutput(WalkFixture.stmts("echo $x"), sh));
    }
}
