package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/airlock-sh and bin/airlock keep a class-data archive per Java (an AOT cache on JDK 25+). With no
 * archive, a fresh one, or a damaged one, the command runs the same and nothing reaches its stderr: the
 * archive only ever costs or saves time. Run for every JDK installed under /usr/lib/jvm and the default one.
 */
class LauncherArchiveTest {
    @Test
    void everyInstalledJavaRunsTheShimWithAndWithoutItsArchive(@TempDir Path home) throws Exception {
        List<String> argv = List.of(Run.SHIM.toString(), "-c", "echo ran; exit 3");
        forEachJavaAndArchiveState(home, "airlock-sh", argv, r -> {
            assertEquals(3, r.exit(), r.err());
            assertEquals("ran\n", r.out());
        });
    }

    @Test
    void everyInstalledJavaRunsAirlockWithAndWithoutItsArchive(@TempDir Path home) throws Exception {
        List<String> argv = List.of(Run.ROOT.resolve("bin/airlock").toString(), "check", "rm -rf /");
        forEachJavaAndArchiveState(home, "airlock", argv, r -> {
            assertEquals(3, r.exit(), r.err());
            assertTrue(r.out().startsWith("deny: rm -rf /"), r.out());
        });
    }

    private static void forEachJavaAndArchiveState(Path home, String launcher, List<String> argv,
            java.util.function.Consumer<Run.Result> expect) throws Exception {
        List<Path> javas = javas();
        assertFalse(javas.isEmpty());
        for (Path java : javas) {
            Map<String, String> env = Run.env(home);
            env.put("AIRLOCK_JAVA", java.toString());
            Path archive = archiveOf(launcher, java);
            Files.deleteIfExists(archive);
            expectClean(java + " with no archive", argv, env, home, expect);
            waitFor(archive);
            expectClean(java + " with its archive", argv, env, home, expect);
            Files.writeString(archive, "not an archive");
            expectClean(java + " with a damaged archive", argv, env, home, expect);
            // and the damaged one is made again, not ignored on every start from then on
            waitFor(archive);
            byte[] head = Arrays.copyOf(Files.readAllBytes(archive), 4);
            assertEquals(List.of((byte) 0xab, (byte) 0x0b, (byte) 0xf0), List.of(head[1], head[2], head[3]),
                    java + ": a CDS archive or AOT cache again, not " + new String(head, StandardCharsets.ISO_8859_1));
        }
    }

    private static void expectClean(String what, List<String> argv, Map<String, String> env, Path home,
            java.util.function.Consumer<Run.Result> expect) throws Exception {
        Run.Result r = Run.run(argv, env, home);
        try {
            expect.accept(r);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        assertEquals("", r.err(), what);
    }

    /** The archive name bin/jvm-archive.sh derives from the launcher and the real path of the java it runs. */
    private static Path archiveOf(String launcher, Path java) throws Exception {
        Path real = java.toRealPath();
        String major = Files.readAllLines(real.getParent().getParent().resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElseThrow()
                .replaceAll("JAVA_VERSION=\"?([0-9]+).*", "$1");
        String ext = Integer.parseInt(major) >= 25 ? ".aot" : ".jsa";
        return Run.ROOT.resolve("target/" + launcher + real.toString().replaceAll("[^A-Za-z0-9]", "_") + ext);
    }

    /** The archive is made in the background; a generous bound only guards against a hang. */
    private static void waitFor(Path archive) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!Files.exists(archive) || Files.exists(Path.of(archive + ".lock"))) {
            assertTrue(System.nanoTime() < deadline, "no archive made: " + archive);
            Thread.sleep(200);
        }
    }

    private static List<Path> javas() throws Exception {
        List<Path> out = new ArrayList<>();
        out.add(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath());
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                for (Path d : dirs.sorted().toList()) {
                    Path java = d.resolve("bin/java");
                    if (Files.isExecutable(java) && Files.exists(d.resolve("release"))
                            && !out.contains(java.toRealPath())) {
                        out.add(java.toRealPath());
                    }
                }
            }
        }
        return out;
    }
}
