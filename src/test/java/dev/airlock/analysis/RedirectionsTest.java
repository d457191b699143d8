package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.shell.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedirectionsTest {
    private final Walk walk = WalkFixture.walk();

    private List<RedirectFact> facts(String text, StringBuilder stdin) {
        List<Redirect> redirects = WalkFixture.stmts(text).get(0).redirects();
        return walk.redirections.redirects(redirects, WalkFixture.shell(), Scope.top(), new ArrayList<>(), stdin);
    }

    @Test
    void aFileRedirectionWritesAndADescriptorDuplicationDoesNot() {
        List<RedirectFact> f = facts("cmd > out 2>&1 < in", null);
        assertEquals(3, f.size());
        assertTrue(f.get(0).writes());
        assertFalse(f.get(1).writes());
        assertFalse(f.get(2).writes());
        assertEquals("> out", f.get(0).words());
    }

    @Test
    void hereStringsAndHereDocumentsFeedStdinAndAreNoFacts() {
        StringBuilder stdin = new StringBuilder();
        assertEquals(List.of(), facts("cat <<< 'rm -rf ~'", stdin));
        assertEquals("rm -rf ~\n", stdin.toString());
    }

    @Test
    void writingToDevStdinReopensAFileItCannotName() {
        RedirectFact f = facts("true > /dev/stdin", null).get(0);
        assertEquals(Set.of(PathClass.UNKNOWN), f.target().classes());
    }
}
