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

    /** Loads every layer that applies in {@code cwd}. A broken file is an error, never skipped. */
    public static Layers layers(AirlockPaths paths, String cwd) throws PolicyException {
        List<Policy> policies = new ArrayList<>();
        Policy user = file(paths.userPolicy(), Layers.USER);
        String base = user == null ? null : baseOf(paths.userPolicy());
        policies.add(builtin(base == null ? "default" : base));
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
