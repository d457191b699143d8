package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Ends the resident servers of this checkout when the test JVM ends. Tests start them as users get
 * them (airlock-sh starts one in the background), and a server idles for minutes after its last
 * command: without this, `mvn verify` would leave them running. Registered in
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener; it only arms a shutdown hook,
 * because a runner may open and close a launcher session per test class, and the servers must last
 * the whole run (TestEnv starts the shared one once).
 */
public final class StopResidentServers implements LauncherSessionListener {
    private static final AtomicBoolean ARMED = new AtomicBoolean();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (ARMED.compareAndSet(false, true)) {
            Path checkout = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(checkout), "stop-resident-servers"));
        }
    }

    /** Ends every resident server of the installation {@code install}: TERM, then KILL after 10 s. */
    public static void stop(Path install) {
        List<ProcessHandle> servers = servers(install);
        servers.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : servers) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * The live resident servers of {@code install}, by their command line (`-Dairlock.home=` the
     * installation, main class ResidentMain): also one whose port file is gone.
     */
    public static List<ProcessHandle> servers(Path install) {
        String home;
        try {
            home = "-Dairlock.home=" + install.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                List<String> argv = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8).split("\0"));
                if (argv.contains(home) && argv.contains("dev.airlock.resident.ResidentMain") && p.isAlive()) {
                    out.add(p);
                }
            } catch (IOException | RuntimeException gone) {
                // ended, or another user's
            }
        });
        return out;
    }
}
