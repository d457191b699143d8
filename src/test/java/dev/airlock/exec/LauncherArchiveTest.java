package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/airlock-sh keeps a class-data archive per Java (an AOT cache on JDK 25+). With no archive, a
 * fresh one, or a damaged one, the command runs the same and nothing reaches its stderr: the archive
 * only ever costs or saves time. Run for every JDK installed under /usr/lib/jvm and the default one.
 */
class LauncherArchiveTest {
    @Test
    void everyInstalledJavaRunsTheShimWithAndWithoutItsArchive(@TempDir Path home) throws Exception {
        List<Path> javas = javas();
        assertFalse(javas.isEmpty());
        for (Path java : javas) {
            Map<String, String> env = Run.env(home);
            env.put("AIRLOCK_JAVA", java.toString());
            Path archive = archiveOf(java);
            Files.deleteIfExists(archive);
            expectClean(java + " with no archive", env, home);
            waitFor(archive);
            expectClean(java + " with its archive", env, home);
            Files.writeString(archive, "not an archive");
            expectClean(java + " with a damaged archive", env, home);
        }
    }

    private static void expectClean(String what, Map<String, String> env, Path home) throws Exception {
        Run.Result r = Run.run(List.of(Run.SHIM.toString(), "-c", "echo ran; exit 3"), env, home);
        assertEquals(3, r.exit(), what + ": " + r.err());
        assertEquals("ran\n", r.out(), what);
        assertEquals("", r.err(), what);
    }

    /** The archive name bin/airlock-sh derives from the real path of the java it runs. */
    private static Path archiveOf(Path java) throws Exception {
        Path real = java.toRealPath();
        String major = Files.readAllLines(real.getParent().getParent().resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElseThrow()
                .replaceAll("JAVA_VERSION=\"?([0-9]+).*", "$1");
        String ext = Integer.parseInt(major) >= 25 ? ".aot" : ".jsa";
        return Run.ROOT.resolve("target/airlock-sh" + real.toString().replaceAll("[^A-Za-z0-9]", "_") + ext);
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
