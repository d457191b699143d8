package dev.airlock.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A clean environment for one test's airlock: its own home, config, state and audit log, nothing secret. */
public final class TestEnv {
    private TestEnv() {}

    public static Map<String, String> forHome(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("USER", "dev");
        env.put("LANG", "C.UTF-8");
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }
}
