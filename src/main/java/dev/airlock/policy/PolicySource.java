package dev.airlock.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds and loads the policy layers for a directory: built-in, user, then project. */
public final class PolicySource {
    private PolicySource() {}

    public static Policy builtin(String name) throws PolicyException {
        String resource = "/policies/" + name + ".json";
        InputStream in = PolicySource.class.getResourceAsStream(resource);
        if (in == null) {
            throw new PolicyException(resource + ": built-in policy missing from the jar (known: default, strict)");
        }
        return PolicyLoader.load(in, name + ".json", Layers.BUILTIN);
    }

    /**
     * The built-in policy for classifying: its compiled form when the build made one from this very
     * JSON, else the JSON. Without the examples and tests, which only `airlock policy test` runs.
     */
    static Policy builtinForClassifying(String name) throws PolicyException {
        Builtin b = compiledBesideJar(name);
        boolean beside = b != null;
        if (b == null) {
            b = compiledInJar(name);
        }
        // the policies it extends are read from the same place as it (a compiled form names their checksums)
        PolicyExtends.Bases bases = beside ? PolicySource::besideJar : PolicyExtends.BUILTIN;
        CompiledPolicy.BaseChecksums checksums = base -> {
            try {
                byte[] json = bases.json(base);
                return json == null ? null : CompiledPolicy.checksum(json);
            } catch (PolicyException e) {
                return null;
            }
        };
        Policy p = b.compiled() == null ? null
                : CompiledPolicy.read(b.compiled(), CompiledPolicy.checksum(b.json()), checksums);
        return p != null ? p : PolicyLoader.load(b.json(), name + ".json", Layers.BUILTIN, bases);
    }

    /** A built-in policy's JSON and, when the build made one, its compiled form. */
    private record Builtin(byte[] json, byte[] compiled) {}

    /**
     * The JSON and compiled form from the build's output directory of an installation
     * ({@code -Dairlock.home}, set by the launchers). Reading two plain files takes ~2 ms in a cold JVM;
     * the first resource read from the jar ~17 ms (measured on JDK 25 with an AOT cache).
     */
    private static Builtin compiledBesideJar(String name) {
        String home = System.getProperty("airlock.home");
        if (home == null) {
            return null;
        }
        Path dir = Path.of(home, "target", "classes", "policies");
        try {
            return new Builtin(Files.readAllBytes(dir.resolve(name + ".json")), Files.readAllBytes(dir.resolve(name + ".bin")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A built-in policy's JSON from the installation's build output, for a policy there that extends it. */
    private static byte[] besideJar(String name) throws PolicyException {
        Path file = Path.of(System.getProperty("airlock.home"), "target", "classes", "policies", name + ".json");
        try {
            return name.matches("[a-z][a-z0-9-]*") && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Builtin compiledInJar(String name) throws PolicyException {
        String resource = "/policies/" + name + ".json";
        try (InputStream in = PolicySource.class.getResourceAsStream(resource);
                InputStream bin = PolicySource.class.getResourceAsStream("/policies/" + name + ".bin")) {
            if (in == null) {
                throw new PolicyException(resource + ": built-in policy missing from the jar (known: default, strict)");
            }
            return new Builtin(in.readAllBytes(), bin == null ? null : bin.readAllBytes());
        } catch (IOException e) {
            throw new PolicyException(resource + ": cannot read: " + e.getMessage());
        }
    }

    /** Loads every layer that applies in {@code cwd}. A broken file is an error, never skipped. */
    public static Layers layers(AirlockPaths paths, String cwd) throws PolicyException {
        return layers(paths, cwd, false);
    }

    /** The same layers with the built-in policy's examples and tests, for `airlock policy test|lint|show`. */
    public static Layers layersWithExamples(AirlockPaths paths, String cwd) throws PolicyException {
        return layers(paths, cwd, true);
    }

    private static Layers layers(AirlockPaths paths, String cwd, boolean examples) throws PolicyException {
        List<Policy> policies = new ArrayList<>();
        Policy user = file(paths.userPolicy(), Layers.USER);
        String base = user == null ? null : baseOf(paths.userPolicy());
        String name = base == null ? "default" : base;
        policies.add(examples ? builtin(name) : builtinForClassifying(name));
        if (user != null) {
            policies.add(user);
        }
        String root = Classifier.workspaceRoot(cwd);
        if (root != null) {
            Policy project = file(Path.of(root, ".airlock", "policy.json"), Layers.PROJECT);
            if (project != null) {
                policies.add(project);
            }
        }
        return new Layers(policies);
    }

    /** A single file as the whole policy, for `--policy FILE`. */
    public static Layers only(Path file) throws PolicyException {
        Policy p = file(file, Layers.BUILTIN);
        if (p == null) {
            throw new PolicyException(file + ": no such file");
        }
        return new Layers(List.of(p));
    }

    private static Policy file(Path path, String layer) throws PolicyException {
        try {
            byte[] bytes = Files.readAllBytes(path);
            return PolicyLoader.load(bytes, path.toString(), layer);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new PolicyException(path + ": cannot read: " + e.getMessage());
        }
    }

    private static String baseOf(Path userPolicy) throws PolicyException {
        try {
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(userPolicy.toFile());
            var base = tree.get("base");
            if (base == null) {
                return null;
            }
            String b = base.asText();
            if (!b.equals("default") && !b.equals("strict")) {
                throw new PolicyException(userPolicy + ": \"base\" must be \"default\" or \"strict\"");
            }
            return b;
        } catch (IOException e) {
            throw new PolicyException(userPolicy + ": cannot read: " + e.getMessage());
        }
    }

    /** The default environment-independent context used to run policy examples. */
    public static Map<String, String> exampleEnv() {
        return Map.of("HOME", "/home/dev", "USER", "dev");
    }
}
