package dev.airlock.exec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment the real shell gets: secrets removed (names matching the policy's scrub globs,
 * unless passed through), the shim directory taken out of PATH so `bash x.sh` inside an approved
 * command does not come back to airlock, and the locale the launcher changed put back.
 */
public final class EnvScrubber {
    /** Set by the launcher when it switched the JVM to a UTF-8 locale; holds the caller's LC_ALL or UNSET. */
    static final String SAVED_LC_ALL = "AIRLOCK_SAVED_LC_ALL";
    static final String UNSET = "\u0001unset";

    private final List<Pattern> scrub;
    private final List<Pattern> passthrough;

    public EnvScrubber(List<String> scrubGlobs, List<String> passthroughGlobs) {
        this.scrub = scrubGlobs.stream().map(EnvScrubber::glob).toList();
        this.passthrough = passthroughGlobs.stream().map(EnvScrubber::glob).toList();
    }

    public record Result(Map<String, String> env, List<String> removed) {}

    public Result apply(Map<String, String> env, Path shimDir) {
        Map<String, String> out = new LinkedHashMap<>(env);
        List<String> removed = new ArrayList<>();
        for (String name : env.keySet()) {
            if (scrub.stream().anyMatch(p -> p.matcher(name).matches())
                    && passthrough.stream().noneMatch(p -> p.matcher(name).matches())) {
                out.remove(name);
                removed.add(name);
            }
        }
        String saved = out.remove(SAVED_LC_ALL);
        if (saved != null) {
            if (saved.equals(UNSET)) {
                out.remove("LC_ALL");
            } else {
                out.put("LC_ALL", saved);
            }
        }
        if (shimDir != null && out.containsKey("PATH")) {
            out.put("PATH", withoutDir(out.get("PATH"), shimDir));
        }
        return new Result(out, List.copyOf(removed));
    }

    static String withoutDir(String path, Path dir) {
        String target = normalize(dir);
        List<String> keep = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator, -1)) {
            if (!entry.isEmpty() && normalize(Path.of(entry)).equals(target)) {
                continue;
            }
            keep.add(entry);
        }
        return String.join(File.pathSeparator, keep);
    }

    private static String normalize(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (Exception e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
