package dev.airlock.exec;

import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.policy.Classifier;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A guarded non-interactive shell: reads complete commands from stdin one after another (a
 * command continues over lines while the parser says it is incomplete), classifies each, and runs
 * the allowed ones in one persistent real shell so `cd` and variables carry over. A refused command
 * prints `airlock:` lines and counts as a command that failed with 126; the shell goes on.
 * Each command runs with stdin from /dev/null, so it cannot swallow the commands after it, and
 * without the status channel, so it cannot fake the end of a command.
 */
final class StdinShell {
    /** A line longer than the parser accepts is refused anyway; reading stops there instead of filling memory. */
    private static final int MAX_LINE = Parser.MAX_LENGTH + 1;

    private final Classifier classifier;
    private final AuditLog log;
    private final Supplier<Approver> approver;
    private final PrintStream err;
    /** The real shell's directory after the last command: the next one is classified there. */
    private String cwd;
    private final String session;
    private final Consumer<Process> started;

    StdinShell(Classifier classifier, AuditLog log, Supplier<Approver> approver, PrintStream err, String cwd,
            String session, Consumer<Process> started) {
        this.started = started;
        this.classifier = classifier;
        this.log = log;
        this.approver = approver;
        this.err = err;
        this.cwd = cwd;
        this.session = session;
    }

    private static void unblock(Path fifo) {
        Thread t = new Thread(() -> {
            try (OutputStream w = Files.newOutputStream(fifo)) {
                // opened and closed: a reader waiting in open() sees end of file
            } catch (IOException e) {
                // the fifo is gone: nobody is waiting
            }
        }, "status-fifo");
        t.setDaemon(true); // blocks only if nobody reads any more, and then nobody cares
        t.start();
    }

    int run(InputStream in, ShellArgs args, Path realShell, EnvScrubber.Result env) {
        if (log == null) {
            Refusal.error(err, "cannot write the audit log");
            return Refusal.EXIT;
        }
        Path dir;
        Path fifo;
        try {
            dir = Files.createTempDirectory("airlock-sh", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            fifo = dir.resolve("status");
            if (new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor() != 0) {
                throw new IOException("mkfifo failed");
            }
        } catch (IOException | InterruptedException e) {
            Refusal.error(err, "cannot set up the shell: " + e.getMessage());
            return Refusal.EXIT;
        }
        List<String> argv = new ArrayList<>();
        argv.add(realShell.toString());
        argv.add("-s"); // first: after a bare `-o` it would be read as the option's name
        for (String o : args.options()) {
            if (!o.equals("-s") && !o.equals("-i")) {
                argv.add(o);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (cwd != null) {
            pb.directory(new java.io.File(cwd));
        }
        pb.environment().clear();
        pb.environment().putAll(env.env());
        Process shell;
        try {
            shell = pb.start();
        } catch (IOException e) {
            Refusal.error(err, "cannot start " + realShell + ": " + e.getMessage());
            return Refusal.EXIT;
        }
        started.accept(shell);
        // Opening the status fifo waits for the shell to open its end; a shell that dies first (a bad option,
        // AIRLOCK_REAL_SHELL=/bin/true) never does. Its exit opens the write end once, so the wait ends at EOF.
        shell.onExit().thenRun(() -> {
            synchronized (waiting) {
                shellGone = true;
                if (idle) {
                    // killed (a forwarded SIGTERM) while airlock waits for the next line: end as the shell did
                    err.flush();
                    Runtime.getRuntime().halt(shell.exitValue());
                }
            }
            // only now: a shell that never opened the fifo leaves airlock-sh waiting in open(), not yet idle
            unblock(fifo);
        });
        OutputStream toShell = shell.getOutputStream();
        CommandGate gate = new CommandGate(classifier, log, approver, session, null);
        int last = 0;
        try (InputStream input = in; log) {
            send(toShell, "exec 3>'" + fifo + "'\n");
            BufferedReader status = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo),
                    StandardCharsets.UTF_8));
            Files.deleteIfExists(fifo); // both ends are open: nothing else can reach the channel by its name
            StringBuilder pending = new StringBuilder();
            String line;
            while ((line = nextLine(input)) != null) {
                pending.append(line).append('\n');
                String text = pending.toString();
                if (text.isBlank()) {
                    pending.setLength(0);
                    continue;
                }
                try {
                    Parser.parse(text);
                } catch (ParseError e) {
                    if (e.incomplete() && text.length() < Parser.MAX_LENGTH) {
                        continue;
                    }
                }
                pending.setLength(0);
                Integer result = runOne(gate, text.substring(0, text.length() - 1), toShell, status, shell.pid());
                if (result == null) {
                    break; // the shell exited (`exit`, `set -e`)
                }
                last = result;
            }
            if (pending.length() > 0 && !pending.toString().isBlank() && shell.isAlive()) {
                // Input ended inside an open quote or construct: refused as the parser explains it.
                Integer result = runOne(gate, pending.toString(), toShell, status, shell.pid());
                if (result != null) {
                    last = result;
                }
            }
            toShell.close();
        } catch (IOException e) {
            err.println("airlock: the real shell stopped (" + e.getMessage() + "); nothing more was run");
            shell.destroy();
            return Refusal.EXIT;
        } catch (AuditException e) {
            err.println("airlock: " + e.getMessage());
            shell.destroy();
            return Refusal.EXIT;
        }
        try {
            int exit = shell.waitFor();
            return exit == 0 ? last : exit;
        } catch (InterruptedException e) {
            return last;
        } finally {
            try {
                Files.deleteIfExists(fifo);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temporary directory left behind holds nothing secret
            }
        }
    }

    /** Runs one command; returns its status, or null when the real shell has gone. */
    private Integer runOne(CommandGate gate, String text, OutputStream toShell, BufferedReader status, long shellPid)
            throws IOException, AuditException {
        CommandGate.Admission admission = gate.admit(text, cwd, CommandGate.Context.of("unknown", Map.of("mode", "stdin")));
        if (!admission.runs()) {
            admission.printRefusal(err);
            send(toShell, "(exit 126)\n");
            return 126;
        }
        long start = System.nanoTime();
        // The group's redirections hold for the command only: it reads /dev/null, cannot write to the
        // status channel (fd 3), and an `exec <file` inside cannot change where the shell reads commands.
        send(toShell, "{ " + text + "\n} </dev/null 3>&-\n__airlock_status=$?; printf '%d\\n' \"$__airlock_status\" >&3;"
                + " (exit $__airlock_status)\n"); // `$?` stays the command's for the next command
        String reply = status.readLine();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Integer rc = reply == null ? null : status(reply);
        cwd = CommandGate.cwdOf(shellPid).orElse(cwd); // `cd` persists: later commands resolve paths from here
        gate.finished(admission, cwd, rc == null ? -1 : rc, ms, Map.of("mode", "stdin"));
        return rc;
    }

    private static int status(String reply) {
        try {
            return Integer.parseInt(reply.strip());
        } catch (NumberFormatException e) {
            return -1; // only the shell writes here; unreadable means unknown, never success
        }
    }

    /** One line without its end, or null at the end of input; a line is cut at {@link #MAX_LINE} characters. */
    private static String readLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() < MAX_LINE) {
                line.write(c);
            }
        }
        if (c < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * Guards {@link #idle} and {@link #shellGone}. The shell may end (a forwarded SIGTERM) just after its
     * last command reported its status and before the wait for the next line starts: checked apart, each
     * side saw the other not yet there, and airlock-sh read stdin for ever with no shell behind it.
     */
    private final Object waiting = new Object();
    /** True while waiting for the next line of input, when no command of the agent runs. */
    private boolean idle;
    /** True once the real shell has exited. */
    private boolean shellGone;

    /**
     * The next line, or null at the end of input. Once the real shell has gone only a line already there is
     * read (to be refused: nothing can run it); waiting for one would wait for ever.
     */
    private String nextLine(InputStream in) throws IOException {
        boolean gone;
        synchronized (waiting) {
            gone = shellGone;
            idle = !gone;
        }
        if (gone) {
            return in.available() > 0 ? readLine(in) : null;
        }
        try {
            return readLine(in);
        } finally {
            synchronized (waiting) {
                idle = false;
            }
        }
    }

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
