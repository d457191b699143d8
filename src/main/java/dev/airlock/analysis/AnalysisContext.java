package dev.airlock.analysis;

import java.util.List;
import java.util.Map;

/**
 * What the analysis knows of the world: the starting directory, the workspace root, the home
 * directory, the environment (only HOME, PWD, USER and names are used) and airlock's own paths.
 */
public record AnalysisContext(String cwd, String workspaceRoot, String home, Map<String, String> env,
        List<String> airlockPaths, List<String> secretPatterns) {

    public AnalysisContext {
        env = Map.copyOf(env);
        airlockPaths = List.copyOf(airlockPaths);
        secretPatterns = List.copyOf(secretPatterns);
    }
}
