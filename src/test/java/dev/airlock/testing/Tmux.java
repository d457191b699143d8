package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tmux server of one test's own, to drive terminal programs as a person types and read the screen
 * back. Private per test: a shared server would hand new panes its own environment.
 */
public final class Tmux implements AutoCloseable {
    /** How long a screen may take to show what a test waits for: a hang guard, not a measurement. */
    private static final long WAIT_MILLIS = 30_000;

    private final String server = "airlock-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final Map<String, String> env;

    public Tmux(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Runs `tmux -L <server> ARGS...` and returns what it printed. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", server));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** A new detached session (a window of {@code columns} x {@code rows}) running {@code command} in sh. */
    public void start(String session, int columns, int rows, String command) throws IOException, InterruptedException {
        run("new-session", "-d", "-s", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows), command);
    }

    /** The visible screen of {@code target}. */
    public String screen(String target) throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", target);
    }

    /** The screen and the scrollback above it, blank lines dropped. */
    public String history(String target) throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-S", "-", "-t", target).replaceAll("(?m)^\\s*\\n", "");
    }

    /** Waits until the visible screen of {@code target} shows {@code text}; returns the screen. */
    public String await(String target, String text) throws IOException, InterruptedException {
        return awaitThat(target, "`" + text + "`", false, s -> s.contains(text));
    }

    /** Waits until the screen or the scrollback above it shows {@code text}; returns both. */
    public String awaitHistory(String target, String text) throws IOException, InterruptedException {
        return awaitThat(target, "`" + text + "`", true, s -> s.contains(text));
    }

    /** Waits until the screen (with the scrollback: {@code scrollback}) satisfies {@code test}; returns it. */
    public String awaitThat(String target, String what, boolean scrollback, Predicate<String> test)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = scrollback ? history(target) : screen(target);
            if (test.test(s)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + what + " on the screen:\n" + s);
    }

    /** Types {@code line} literally and presses Enter. */
    public void type(String target, String line) throws IOException, InterruptedException {
        run("send-keys", "-t", target, "-l", line);
        run("send-keys", "-t", target, "Enter");
    }

    /** Sends tmux key names (`C-c`, `Enter`, `q`), or `-l TEXT`. */
    public void keys(String target, String... keys) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("send-keys", "-t", target));
        argv.addAll(List.of(keys));
        run(argv.toArray(new String[0]));
    }

    /** Pastes the bytes of {@code file} as a terminal paste (bracketed, when the program asked for that). */
    public void paste(String target, Path file) throws IOException, InterruptedException {
        run("load-buffer", "-b", "airlock-test", file.toString());
        run("paste-buffer", "-p", "-d", "-b", "airlock-test", "-t", target);
    }

    /** Ends the server and returns once every process of its panes has ended (fails when one outlives it). */
    @Override
    public void close() throws IOException, InterruptedException {
        List<ProcessHandle> processes = processes();
        run("kill-server");
        Leftovers.awaitEnd(processes, "tmux server " + server);
    }

    /** The server and what runs in its panes; none when no server runs. */
    private List<ProcessHandle> processes() throws IOException, InterruptedException {
        String pid = run("display-message", "-p", "#{pid}").strip();
        return pid.matches("[0-9]+") ? Leftovers.of(Long.parseLong(pid)) : List.of();
    }
}
