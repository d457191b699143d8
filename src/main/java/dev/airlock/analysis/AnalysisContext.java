package dev.airlock.analysis;

import java.util.List;
import java.util.Map;

/**
 * What the analysis knows of the world: the starting directory, the workspace root, the home
 * directory, the environment (only HOME, PWD, USER and names are used) and airlock's own paths.
 */
public record AnalysisContext(String cwd, String workspaceRoot, String home, Map<String, String> env,
        List<String> airlockPaths, List<String> secretPatterns, List<String> harnessOwned, DiskView disk) {

    public AnalysisContext {
        env = Map.copyOf(env);
        airlockPaths = List.copyOf(airlockPaths);
        secretPatterns = List.copyOf(secretPatterns);
        harnessOwned = List.copyOf(harnessOwned);
    }

    public AnalysisContext(String cwd, String workspaceRoot, String home, Map<String, String> env,
            List<String> airlockPaths, List<String> secretPatterns, List<String> harnessOwned) {
        this(cwd, workspaceRoot, home, env, airlockPaths, secretPatterns, harnessOwned, DiskView.LIVE);
    }

    public AnalysisContext(String cwd, String workspaceRoot, String home, Map<String, String> env,
            List<String> airlockPaths, List<String> secretPatterns) {
        this(cwd, workspaceRoot, home, env, airlockPaths, secretPatterns, List.of(), DiskView.LIVE);
    }

    /**
     * The same context for an agent's own start-up script (recognised by its shape): it may write the
     * files it owns (its shell snapshot) and source the user's shell start-up files, as a login shell does.
     */
    public AnalysisContext forHarnessStartup(List<String> ownedGlobs) {
        return new AnalysisContext(cwd, workspaceRoot, home, env, airlockPaths, secretPatterns, ownedGlobs, disk);
    }
}
