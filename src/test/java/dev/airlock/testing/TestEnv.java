package dev.airlock.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A clean environment for one test's airlock: its own home, config, state and audit log, nothing secret.
 * The resident server is off unless the run sets {@code -Dairlock.test.resident=1}: the build runs
 * airlock-sh's end-to-end tests once each way (pom.xml, execution `resident`), so both paths must
 * pass the same assertions.
 */
public final class TestEnv {
    private TestEnv() {}

    public static boolean resident() {
        return "1".equals(System.getProperty("airlock.test.resident"));
    }

    private static boolean residentStarted;

    /** So that the tests meet a running server, not the JVM path of its first start. */
    private static synchronized void startResidentOnce(Map<String, String> env) {
        if (residentStarted) {
            return;
        }
        try {
            ResidentFixture.ensureRunning(Path.of(System.getProperty("user.dir")).toAbsolutePath(), env);
            residentStarted = true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> forHome(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("USER", "dev");
        env.put("LANG", "C.UTF-8");
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("AIRLOCK_RESIDENT", resident() ? "1" : "0");
        // Most tests answer with a stand-in approver (testing.ConsolePeer, FakeConsole), not `airlock console`;
        // ConsolePeerTest takes this out to test the default, this installation's console only.
        env.put("AIRLOCK_APPROVER", "any");
        if (resident()) {
            startResidentOnce(env);
        }
        return env;
    }
}
