package dev.airlock.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `airlock shim-path`: the directory whose bash, zsh and sh are airlock-sh. */
@Command(name = "shim-path", mixinStandardHelpOptions = true, description = {"Print the directory whose bash, zsh and sh are airlock-sh.",
        "Use it as SHELL=$(airlock shim-path)/bash, or put it first on PATH."})
final class ShimPath implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String home = System.getProperty("airlock.home");
        if (home == null) {
            spec.commandLine().getErr().println("airlock: the installation directory is unknown; run airlock through bin/airlock");
            return 1;
        }
        Path dir = Path.of(home, "bin", "shim");
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("airlock: " + dir + " is missing; the installation is incomplete");
            return 1;
        }
        spec.commandLine().getOut().println(dir);
        return 0;
    }
}
