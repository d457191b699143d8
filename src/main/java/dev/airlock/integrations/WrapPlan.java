package dev.airlock.integrations;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `airlock wrap` does to start an agent: variables to set, then the program to exec. Java
 * cannot exec, so bin/airlock reads this plan and execs it itself: the agent takes over the
 * launcher's process, with its own exit status and signals, and no JVM stays behind.
 */
public record WrapPlan(Map<String, String> set, List<String> argv) {
    public WrapPlan {
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
        argv = List.copyOf(argv);
    }

    /**
     * The plan as bin/airlock reads it: NUL-terminated words, {@code set NAME VALUE} for each
     * variable, then {@code exec} and the argv. NUL cannot occur in a variable or an argument.
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        set.forEach((k, v) -> {
            word(out, "set");
            word(out, k);
            word(out, v);
        });
        word(out, "exec");
        argv.forEach(a -> word(out, a));
        return out.toByteArray();
    }

    private static void word(ByteArrayOutputStream out, String w) {
        if (w.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL in a wrap plan word");
        }
        out.writeBytes(w.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
