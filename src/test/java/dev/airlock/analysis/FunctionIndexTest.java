package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FunctionIndexTest {
    private static FunctionIndex index(String text) {
        FunctionIndex index = new FunctionIndex();
        index.collectFunctions(WalkFixture.stmts(text));
        return index;
    }

    @Test
    void findsDefinitionsAndCallsInsideSubstitutionsAndBranches() {
        FunctionIndex index = index("echo $(f() { rm x; }); if true; then g() { :; }; fi; x=$(f)");
        assertTrue(index.contains("f"));
        assertTrue(index.contains("g"));
        assertNotNull(index.definition("f"));
        assertTrue(index.isCalled("f"));
        assertFalse(index.isCalled("g"));
    }

    @Test
    void aCallFromInsideItsOwnBodyDoesNotMakeAFunctionCalled() {
        FunctionIndex index = index("f() { f; }");
        assertTrue(index.contains("f"));
        assertFalse(index.isCalled("f"));
    }

    @Test
    void notesWhenStdoutOrStderrIsOpenedForReading() {
        assertFalse(index("cat < f > g 2>&1").stdStreamsFromFiles());
        assertTrue(index("{ cat; } 1<f").stdStreamsFromFiles());
        assertTrue(index("echo $(cat 2<&3)").stdStreamsFromFiles());
    }
}
