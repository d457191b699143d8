package dev.airlock.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (Maven's process-classes phase): compiles every built-in policy `NAME.json` in the given
 * directory into `NAME.bin` beside it ({@link CompiledPolicy}). A broken built-in policy fails the build.
 */
public final class CompilePolicies {
    private CompilePolicies() {}

    public static void main(String[] args) throws IOException, PolicyException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompilePolicies DIRECTORY");
        }
        List<Path> sources;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            sources = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path json : sources) {
            String name = json.getFileName().toString();
            byte[] bytes = Files.readAllBytes(json);
            Policy policy = PolicyLoader.load(bytes, name, Layers.BUILTIN);
            Path out = json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".bin");
            Files.write(out, CompiledPolicy.write(policy, CompiledPolicy.checksum(bytes)));
        }
    }
}
