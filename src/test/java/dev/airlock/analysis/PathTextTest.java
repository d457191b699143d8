package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PathTextTest {
    @Test
    void aPathIsUnderItselfItsAncestorsAndRootButNotASiblingWithTheSamePrefix() {
        assertTrue(PathText.isUnder("/home/dev", "/home/dev"));
        assertTrue(PathText.isUnder("/home/dev/.ssh/id_rsa", "/home/dev"));
        assertTrue(PathText.isUnder("/etc", "/"));
        assertFalse(PathText.isUnder("/home/developer", "/home/dev"));
    }

    @Test
    void joinAddsOneSlash() {
        assertEquals("/a/b", PathText.join("/a", "b"));
        assertEquals("/b", PathText.join("/", "b"));
    }
}
