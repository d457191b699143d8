package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PathClassifier.normalize agrees with java.nio's lexical normalisation, fast path or not. */
class PathNormalizeTest {
    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/", "//a", "/a//b", "/a/./b", "/a/../b", "/.ssh", "/home/dev/.ssh/id_rsa",
            "/a/.", "/a/..", "/..", "/../..", "/a/..b", "/a/.b/", "/a/b/../../..", "/a/...", "/./", "/.a/./.b",
            "/home/dev/.config/airlock", "/x/y/../.git/config"})
    void normalisesAsJavaNioDoes(String path) {
        assertEquals(Path.of(path).normalize().toString(), PathClassifier.normalize(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "./a", "~/x"})
    void aRelativePathHasNoNormalForm(String path) {
        assertNull(PathClassifier.normalize(path));
    }
}
