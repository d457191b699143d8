package dev.airlock.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step (Maven's process-classes phase): compiles every built-in policy `NAME.json` in the given
 * directory into `NAME.bin` beside it ({@link CompiledPolicy}), resolving `extends` within the directory. A
 * broken built-in policy fails the build.
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
        Path dir = Path.of(args[0]);
        PolicyExtends.Bases bases = base -> {
            Path file = dir.resolve(base + ".json");
            try {
                return base.matches("[a-z][a-z0-9-]*") && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            } catch (IOException e) {
                throw new PolicyException(file + ": cannot read: " + e.getMessage());
            }
        };
        for (Path json : sources) {
            String name = json.getFileName().toString();
            byte[] bytes = Files.readAllBytes(json);
            Policy policy = PolicyLoader.load(bytes, name, Layers.BUILTIN, bases);
            Map<String, Long> checksums = new LinkedHashMap<>();
            for (String base : PolicyExtends.chain(bytes, bases)) {
                checksums.put(base, CompiledPolicy.checksum(bases.json(base)));
            }
            Path out = json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".bin");
            Files.write(out, CompiledPolicy.write(policy, CompiledPolicy.checksum(bytes), checksums));
        }
    }
}
