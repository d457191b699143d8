package dev.airlock.integrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This installation of airlock, as the launchers report it (-Dairlock.home): the paths that setup
 * writes into agents' configuration, so they must be absolute and stay valid while the checkout does.
 */
public record Install(Path home) {
    public Install {
        home = home.toAbsolutePath().normalize();
    }

    /** The installation the running JVM was started from, if it was started by bin/airlock. */
    public static Optional<Install> current() {
        String home = System.getProperty("airlock.home");
        return home == null || home.isEmpty() ? Optional.empty() : Optional.of(new Install(Path.of(home)));
    }

    /** bin/airlock: what hooks and shell functions call. */
    public Path launcher() {
        return home.resolve("bin/airlock");
    }

    public Path shimDir() {
        return home.resolve("bin/shim");
    }

    /** The shim's bash: every agent is pointed at this name, since some only accept a path containing "bash". */
    public Path shimBash() {
        return shimDir().resolve("bash");
    }

    public Path jar() {
        return home.resolve("target/airlock.jar");
    }

    /** What is missing for agents to run the shim, or empty when the installation is complete. */
    public Optional<String> problem() {
        if (!Files.isReadable(jar())) {
            return Optional.of(jar() + " is missing; build it with: mvn -q -DskipTests package (in " + home + ")");
        }
        for (String name : new String[] {"bash", "zsh", "sh"}) {
            Path p = shimDir().resolve(name);
            if (!Files.isExecutable(p)) {
                return Optional.of(p + " is missing or not executable; the installation is incomplete");
            }
        }
        if (!Files.isExecutable(launcher())) {
            return Optional.of(launcher() + " is missing or not executable; the installation is incomplete");
        }
        return Optional.empty();
    }

    /** True when {@code value} names this installation's shim bash, or any path that resolves to it. */
    public boolean isShim(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        Path p = Path.of(value);
        if (p.toAbsolutePath().normalize().equals(shimBash())) {
            return true;
        }
        try {
            return Files.exists(p) && p.toRealPath().equals(shimBash().toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
