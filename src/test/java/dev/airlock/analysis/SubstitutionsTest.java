package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubstitutionsTest {
    private final Walk walk = WalkFixture.walk();
    private final ShellState sh = WalkFixture.shell();

    @Test
    void commandSubstitutionsFeedTheCommandAndOutputProcessSubstitutionsAreFedByIt() {
        Substitutions.Found f = walk.substitutions.substitutions(WalkFixture.word("$(a)<(b)"), sh, Scope.top());
        Substitutions.Found g = walk.substitutions.substitutions(WalkFixture.word(">(c)"), sh, Scope.top());
        assertEquals(List.of(0, 1), f.feedIn());
        assertEquals(List.of(2), g.fedBy());
        assertEquals(Invocation.Origin.SUBSTITUTION, walk.graph.get(0).origin());
    }

    @Test
    void arithmeticOnAValueKnownOnlyAtRunTimeIsEvaluatedText() {
        sh.vars.put("x", null);
        walk.substitutions.arithmetic(WalkFixture.word("$((x + 1))"), sh, Scope.top(), new ArrayList<>(),
                new ArrayList<>());
        assertEquals(Invocation.Kind.EVALUATED, walk.graph.get(0).kind());
    }

    @Test
    void arithmeticOnNumbersIsNot() {
        sh.numeric.add("i");
        walk.substitutions.arithmetic(WalkFixture.word("$((i + 1))"), sh, Scope.top(), new ArrayList<>(),
                new ArrayList<>());
        assertEquals(0, walk.graph.size());
    }

    @Test
    void aCountingSubstitutionIsANumber() {
        int from = walk.graph.size();
        walk.substitutions.substitutions(WalkFixture.word("$(wc -l < f)"), sh, Scope.top());
        assertTrue(walk.substitutions.numericWord(WalkFixture.word("$(wc -l < f)"), from));
    }
}
