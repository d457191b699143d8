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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** Not synchronized: one slow file system (a hung mount, a FIFO) must not hold up every other agent. */
    @Override
    public Layers load(AirlockPaths paths, String cwd) throws PolicyException {
        String root = Classifier.workspaceRoot(cwd);
        Key key = new Key(paths.userPolicy(), root);
        Path projectFile = root == null ? null : Path.of(root, ".airlock", "policy.json");
        byte[] user = bytes(paths.userPolicy());
        byte[] project = projectFile == null ? null : bytes(projectFile);
        Entry cached = entries.get(key);
        if (cached != null && Arrays.equals(cached.user(), user) && Arrays.equals(cached.project(), project)) {
            return cached.layers();
        }
        Layers layers = PolicySource.layers(paths, cwd);
        // Kept only when the files did not change while they were loaded (else the bytes and the layers
        // could disagree): the next request loads again.
        if (Arrays.equals(user, bytes(paths.userPolicy())) && (projectFile == null || Arrays.equals(project, bytes(projectFile)))) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, new Entry(user, project, layers));
        }
        return layers;
    }

    /**
     * A policy file's bytes, or null when it does not exist. Only a regular file of sane size is read:
     * anything else is an error here, so the request goes to airlock-sh's JVM.
     */
    private static byte[] bytes(Path file) throws PolicyException {
        try {
            if (!Files.exists(file)) {
                return Files.isSymbolicLink(file) ? fail(file, "a dangling link") : null;
            }
            if (!Files.isRegularFile(file)) {
                return fail(file, "not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                return fail(file, "larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static byte[] fail(Path file, String why) throws PolicyException {
        throw new PolicyException(file + ": " + why);
    }

    private static final long MAX_BYTES = 4L << 20;
}
