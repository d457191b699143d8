package dev.airlock.integrations;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Each test gets its own home, config, state and temporary directory: the real user's files are never touched. */
abstract class InPrivateHome {
    @TempDir
    Path tmp;
    Airlock airlock;

    @BeforeEach
    void privateHome() throws Exception {
        airlock = new Airlock(tmp);
    }

    /** Stand-in agents first on PATH; {@code rest} after them (null: the PATH the test runs with). */
    void agentsOnPath(String rest, String... programs) throws Exception {
        Path bin = FakeAgents.install(tmp, programs);
        airlock.env.put("PATH", bin + ":" + (rest == null ? airlock.env.get("PATH") : rest));
    }
}
