package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FindAndXargsTest {
    private final Walk walk = WalkFixture.walk();

    private String found(String text) {
        return WalkFixture.found(walk, text);
    }

    @Test
    void findExecReadsTheBracesAsTheStartPaths() {
        assertEquals("command find / -exec rm -rf {} +\ncommand rm -rf /", found("find / -exec rm -rf {} +"));
        assertTrue(walk.graph.get(1).inputDependent());
    }

    @Test
    void xargsWithKnownInputAddsItsArguments() {
        assertEquals("command echo .env\ncommand xargs cat\ncommand cat .env", found("echo .env | xargs cat"));
    }

    @Test
    void xargsWithAReplaceStringMakesThoseWordsRunTimeWords() {
        found("xargs -I{} rm {}");
        assertTrue(walk.graph.get(1).args().get(0).dynamic());
    }
}
