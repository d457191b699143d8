package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Classifier serves many directories (check --batch, the console): each answer is about its own. */
class ClassifierTest {
    @Test
    void theSameTextIsJudgedInEachDirectoryItRunsIn(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString(), "USER", "dev");
        Path work = Files.createDirectories(home.resolve("work/a"));
        Files.createDirectories(home.resolve("work/.git"));
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Classifier c = new Classifier(new Layers(List.of(PolicySource.builtin("default"))), env, AirlockPaths.from(env));
        for (int round = 0; round < 3; round++) {
            Verdict inWork = c.classify("rm -r b", work.toString()).verdict();
            Verdict inSsh = c.classify("rm -r b", ssh.toString()).verdict();
            Verdict inHome = c.classify("rm -rf .", home.toString()).verdict();
            assertEquals(List.of("write.files"), inWork.rules(), "round " + round);
            assertNotEquals(inWork.rules(), inSsh.rules(), "round " + round + ": a key directory is judged as such");
            assertEquals(Decision.DENY, inHome.decision(), "round " + round);
            assertEquals(Decision.ASK, c.classify("rm -rf .", work.toString()).verdict().decision(), "round " + round);
        }
    }

    @Test
    void aSymlinkIsJudgedByWhereItLeadsEvenThroughMissingParts(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString(), "USER", "dev");
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(ssh.resolve("plain-name"), "key");
        Path work = Files.createDirectories(home.resolve("work"));
        Files.writeString(work.resolve("notes.txt"), "notes");
        Files.createSymbolicLink(work.resolve("keys"), ssh);
        Classifier c = new Classifier(new Layers(List.of(PolicySource.builtin("default"))), env, AirlockPaths.from(env));
        assertEquals(Decision.ALLOW, c.classify("cat notes.txt", work.toString()).verdict().decision());
        assertEquals(c.classify("cat " + ssh.resolve("plain-name"), work.toString()).verdict().decision(),
                c.classify("cat keys/plain-name", work.toString()).verdict().decision());
        assertNotEquals(Decision.ALLOW, c.classify("cat keys/plain-name", work.toString()).verdict().decision());
        // A file that does not exist yet, under the link: judged by the link's target directory.
        assertNotEquals(Decision.ALLOW, c.classify("cat keys/not-yet/plain-name", work.toString()).verdict().decision());
        assertEquals(Decision.ALLOW, c.classify("cat missing/dir/notes.txt", work.toString()).verdict().decision());
    }

    @Test
    void aBatchSnapshotFollowsLinksAsTheLiveViewDoesAndKeepsItsFirstLook(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString(), "USER", "dev");
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(ssh.resolve("plain-name"), "key");
        Path work = Files.createDirectories(home.resolve("work"));
        Files.createSymbolicLink(work.resolve("keys"), ssh);
        Layers layers = new Layers(List.of(PolicySource.builtin("default")));
        Classifier live = new Classifier(layers, env, AirlockPaths.from(env));
        Classifier batch = new Classifier(layers, env, AirlockPaths.from(env), dev.airlock.analysis.DiskView.snapshot());
        for (String command : List.of("cat keys/plain-name", "cat keys/not-yet/plain-name", "cat later/plain-name", "ls")) {
            assertEquals(live.classify(command, work.toString()).verdict().rules(),
                    batch.classify(command, work.toString()).verdict().rules(), command);
        }
        // A link made after the batch looked: the live view (every guarded command) sees it at once;
        // the snapshot answers as the disk was when the batch first asked.
        Files.createSymbolicLink(work.resolve("later"), ssh);
        assertNotEquals(Decision.ALLOW, live.classify("cat later/plain-name", work.toString()).verdict().decision());
        assertEquals(Decision.ALLOW, batch.classify("cat later/plain-name", work.toString()).verdict().decision());
    }

    @Test
    void theResidentServersTokenIsASecretAndItsDirectoryAirlocksOwn(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString(), "USER", "dev");
        Path install = Files.createDirectories(home.resolve("opt/airlock"));
        AirlockPaths base = AirlockPaths.from(env);
        AirlockPaths paths = new AirlockPaths(base.home(), base.userPolicy(), base.stateDir(), base.auditLog(),
                base.socket(), install);
        Classifier c = new Classifier(new Layers(List.of(PolicySource.builtin("default"))), env, paths);
        String port = install.resolve("target/resident/1000/net-4026531840/port").toString();
        Verdict read = c.classify("cat " + port, home.toString()).verdict();
        assertNotEquals(Decision.ALLOW, read.decision(), read.rules().toString());
        assertEquals(Decision.DENY, c.classify("echo 1 > " + port, home.toString()).verdict().decision());
        assertEquals(Decision.ALLOW, c.classify("cat " + install.resolve("README.md"), home.toString()).verdict().decision());
        // Globs reach the same files, whatever the names on disk are by then.
        for (String glob : List.of("target/*/*/*/port", "t*/r*/*/*/*", "target/resident/*/*/port")) {
            Verdict g = c.classify("cat " + glob, install.toString()).verdict();
            assertNotEquals(Decision.ALLOW, g.decision(), glob + " " + g.rules());
        }
        assertEquals(Decision.ALLOW, c.classify("cat target/*.jar", install.toString()).verdict().decision());
        assertEquals(Decision.ALLOW, c.classify("ls target/*", install.toString()).verdict().decision());
        // Other terminals are a person's keys.
        for (String tty : List.of("cat /dev/pts/3", "cat /dev/pts/*", "head -c 9 /dev/tty2")) {
            assertNotEquals(Decision.ALLOW, c.classify(tty, home.toString()).verdict().decision(), tty);
        }
        assertEquals(Decision.ALLOW, c.classify("cat /dev/null", home.toString()).verdict().decision());
    }

    @Test
    void oneCommandsShellOptionsDoNotReachTheNextCommand() throws Exception {
        Map<String, String> env = Map.of("HOME", "/home/dev", "USER", "dev");
        Classifier c = new Classifier(new Layers(List.of(PolicySource.builtin("default"))), env, AirlockPaths.from(env));
        Classifier fresh = new Classifier(new Layers(List.of(PolicySource.builtin("default"))), env, AirlockPaths.from(env));
        Verdict before = c.classify("cat ~/*", "/work/p").verdict();
        // with dotglob, `~/*` names ~/.env and the other dot files: a secret read
        assertNotEquals(before.rules(), c.classify("shopt -s dotglob; cat ~/*", "/work/p").verdict().rules());
        assertEquals(before.rules(), c.classify("cat ~/*", "/work/p").verdict().rules(), "the next command, same directory");
        assertEquals(fresh.classify("cat /work/p/*", "/work/p").verdict().rules(),
                c.classify("cat /work/p/*", "/work/p").verdict().rules());
    }
}
