package dev.airlock.resident;

import dev.airlock.exec.ResidentAdmission;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policy layers for a request, loaded once and reused while the files they came from hold the
 * same bytes. Every request reads the user policy and the project policy again (two small reads) and
 * compares them with what the cached layers were built from, so an edit counts from the next command
 * on, exactly as it does for a new airlock-sh JVM. The built-in policy belongs to the installation;
 * the server exits when the installation changes.
 */
final class PolicyCache implements ResidentAdmission.PolicyLayers {
    private static final int MAX_ENTRIES = 64;

    private record Key(Path userPolicy, String workspaceRoot) {}

    private record Entry(byte[] user, byte[] project, Layers layers) {}

    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    @Override
    public synchronized Layers load(AirlockPaths paths, String cwd) throws PolicyException {
        String root = Classifier.workspaceRoot(cwd);
        Key key = new Key(paths.userPolicy(), root);
        byte[] user = bytes(paths.userPolicy());
        byte[] project = root == null ? null : bytes(Path.of(root, ".airlock", "policy.json"));
        Entry cached = entries.get(key);
        if (cached != null && Arrays.equals(cached.user(), user) && Arrays.equals(cached.project(), project)) {
            return cached.layers();
        }
        Layers layers = PolicySource.layers(paths, cwd);
        entries.put(key, new Entry(user, project, layers));
        return layers;
    }

    /** A file's bytes, or null when it does not exist; unreadable is an error, as for the JVM path. */
    private static byte[] bytes(Path file) throws PolicyException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage());
        }
    }
}
