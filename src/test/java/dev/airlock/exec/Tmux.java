package dev.airlock.exec;

import dev.airlock.testing.Leftovers;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private tmux server (`tmux -L NAME`) for tests that need a terminal: a shared server would hand new
 * panes its own environment. Panes start with the environment of the command that starts the server;
 * {@link #run} gives tmux exactly {@code env}.
 */
public final class Tmux {
    private final String server;

    public Tmux(String server) {
        this.server = server;
    }

    public String name() {
        return server;
    }

    public void run(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", server));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.start().waitFor(30, TimeUnit.SECONDS);
    }

    public String screen(String target) throws Exception {
        Process p = new ProcessBuilder("tmux", "-L", server, "capture-pane", "-p", "-t", target).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return s;
    }

    /** The screen of {@code target} once it shows {@code text}; fails after 30 s. */
    public String await(String target, String text) throws Exception {
        String s = "";
        for (int k = 0; k < 300; k++) {
            s = screen(target);
            if (s.contains(text)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw `" + text + "`:\n" + s);
    }

    /** Ends the server and returns once every process of its panes has ended (fails when one outlives it). */
    public void kill() throws Exception {
        Process p = new ProcessBuilder("tmux", "-L", server, "display-message", "-p", "#{pid}")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String pid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        List<ProcessHandle> processes = pid.matches("[0-9]+") ? Leftovers.of(Long.parseLong(pid)) : List.of();
        run(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), "kill-server");
        Leftovers.awaitEnd(processes, "tmux server " + server);
    }
}
