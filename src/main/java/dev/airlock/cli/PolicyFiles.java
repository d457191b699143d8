package dev.airlock.cli;

import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Layers;
import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicyLoader;
import dev.airlock.policy.PolicySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The policies a `policy` subcommand works on: one file over the built-in policy, or the layers in effect here. */
final class PolicyFiles {
    private PolicyFiles() {}

    /** The layers, and the policy whose examples to check (null: all of them). */
    record Selection(Layers layers, Policy target) {}

    /** The selection, or null after printing the one-line `airlock: policy:` error to {@code err}. */
    static Selection selectOrReport(Path file, java.io.PrintWriter err) {
        try {
            return select(file);
        } catch (PolicyException e) {
            err.println("airlock: policy: " + e.getMessage());
            return null;
        }
    }

    static Selection select(Path file) throws PolicyException {
        if (file == null) {
            return new Selection(PolicySource.layersWithExamples(AirlockPaths.from(System.getenv()), System.getProperty("user.dir")), null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage());
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        boolean builtinLike = name.equals("default.json") || name.equals("strict.json");
        if (builtinLike) {
            Policy p = PolicyLoader.load(bytes, file.toString(), Layers.BUILTIN);
            return new Selection(new Layers(List.of(p)), p);
        }
        boolean project = file.toAbsolutePath().normalize().toString().contains("/.airlock/");
        Policy p = PolicyLoader.load(bytes, file.toString(), project ? Layers.PROJECT : Layers.USER);
        return new Selection(new Layers(List.of(PolicySource.builtin("default"), p)), p);
    }
}
