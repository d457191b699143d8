package dev.airlock.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.policy.PolicySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sandbox hides, found on disk, and kept between commands only while nothing it read changed. */
class SecretMasksTest {
    @TempDir
    Path tmp;

    private static List<String> globs() throws Exception {
        return PolicySource.builtin("default").secretPaths();
    }

    @Test
    void findsSecretsUnderTheHomeAndDeepInTheWorkspaceButNotInBulkyDirectories() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".netrc"), "x");
        Files.writeString(home.resolve(".bash_history"), "x");
        Files.writeString(Files.createDirectories(ws.resolve("a/b/c")).resolve("prod.pem"), "x");
        Files.writeString(ws.resolve(".env"), "x");
        Files.writeString(ws.resolve(".env.example"), "x");
        Files.writeString(Files.createDirectories(ws.resolve("node_modules/pkg")).resolve("test.key"), "x");
        SecretMasks m = SecretMasks.find(globs(), home, ws);
        assertTrue(m.dirs().contains(home.resolve(".ssh")), m.toString());
        assertTrue(m.files().containsAll(List.of(home.resolve(".netrc"), home.resolve(".bash_history"),
                ws.resolve("a/b/c/prod.pem"), ws.resolve(".env"))), m.files().toString());
        assertFalse(m.files().contains(ws.resolve(".env.example")), "an example is exempt");
        assertFalse(m.files().contains(ws.resolve("node_modules/pkg/test.key")), "bulky directories are not walked");
        assertTrue(m.complete());
    }

    @Test
    void aSecretCreatedAfterTheWalkIsFoundByTheNext() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path deep = Files.createDirectories(ws.resolve("src/config"));
        SecretMasks first = SecretMasks.find(globs(), home, ws);
        assertEquals(first, SecretMasks.find(globs(), home, ws), "nothing changed: the same walk");
        Files.writeString(deep.resolve("service-account-prod.json"), "{}");
        assertTrue(SecretMasks.find(globs(), home, ws).files().contains(deep.resolve("service-account-prod.json")));
        Files.createDirectories(home.resolve(".aws"));
        assertTrue(SecretMasks.find(globs(), home, ws).dirs().contains(home.resolve(".aws")));
    }

    @Test
    void aHugeWorkspaceIsNotFullySearchedAndSaysSo() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        for (int d = 0; d < 60; d++) {
            Path dir = Files.createDirectories(ws.resolve("d" + d));
            for (int f = 0; f < 100; f++) {
                Files.writeString(dir.resolve("f" + f), "");
            }
        }
        assertFalse(SecretMasks.find(globs(), tmp.resolve("home"), ws).complete());
    }
}
