package dev.airlock.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the real shell with the caller's stdin, stdout and stderr, in the caller's process group
 * (so an agent's group kill reaches it), passes on the signals airlock-sh receives, and returns
 * its exit status (128+N when it was killed by signal N).
 */
final class RealShell {
    private RealShell() {}

    interface Started {
        void started(Process process);
    }

    static int run(List<String> argv, Map<String, String> env, String cwd, Started started) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
        // In its own directory the child inherits it, the very directory (device and inode) airlock-sh
        // was started in and judged the command for; setting it by name would follow a link swapped
        // in for one of its names while a person was deciding.
        if (cwd != null && !cwd.equals(System.getProperty("user.dir")) && new File(cwd).isDirectory()) {
            pb.directory(new File(cwd));
        }
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        started.started(p);
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Passes {@code signal} on. {@code confined}: {@code p} is bwrap, in a group of its own; the command
     * is in the group of bwrap's child (the sandbox's first process, which started a new session), and
     * only that group gets the signal, so the command's traps run. Before that child exists, bwrap
     * itself gets it, and its end takes the sandbox with it.
     */
    static void forward(Process p, int signal, boolean confined) {
        if (!p.isAlive()) {
            return;
        }
        if (confined) {
            String target = p.children().findFirst().map(c -> "-" + c.pid()).orElse(Long.toString(p.pid()));
            kill(signal, target, p);
            return;
        }
        if (signal == 15) {
            p.destroy(); // SIGTERM
            return;
        }
        kill(signal, Long.toString(p.pid()), p);
    }

    private static final String KILL = new File("/bin/kill").canExecute() ? "/bin/kill" : "/usr/bin/kill";

    private static void kill(int signal, String target, Process p) {
        try {
            // By its full name: PATH is the agent's, and a `kill` in a directory it wrote would run unconfined.
            new ProcessBuilder(KILL, "-s", Signals.name(signal), "--", target)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException | InterruptedException e) {
            p.destroy();
        }
    }

    static boolean executable(Path shell) {
        return shell.isAbsolute() && shell.toFile().canExecute() && shell.toFile().isFile();
    }
}
