package dev.airlock.exec;

import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.policy.Classifier;
import dev.airlock.sandbox.Profile;
import dev.airlock.sandbox.Sandbox;
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
 * the allowed ones from one persistent real shell so `cd` and variables carry over. A command that
 * runs confined runs in a sandbox of its own, started from that shell's state ({@link ConfinedStep});
 * one that only changes the shell's state ({@link ShellStateOnly}) runs in the shell. A refused command
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
    private final Sandbox sandbox;
    private final java.util.function.BooleanSupplier someoneToAsk;
    private ConfinedStep step;
    private String realShell;

    /**
     * {@code sandbox}: where commands run confined; {@code someoneToAsk}: whether a person can be asked
     * about a command that failed in a sandbox it was put in instead of asking.
     */
    StdinShell(Classifier classifier, AuditLog log, Supplier<Approver> approver, PrintStream err, String cwd,
            String session, Consumer<Process> started, Sandbox sandbox, java.util.function.BooleanSupplier someoneToAsk) {
        this.sandbox = sandbox;
        this.someoneToAsk = someoneToAsk;
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
            step = new ConfinedStep(dir);
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
        this.realShell = realShell.toString();
        CommandGate gate = new CommandGate(classifier, log, approver, session, sandbox);
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
                step.remove();
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
        Integer rc = run(gate, admission, text, toShell, status, shellPid);
        if (rc != null && rc >= 1 && rc <= 125 && admission.placement().confinedInsteadOfAsking() && confinedLast) {
            // It changed nothing that persists: running it again with a person's approval is safe (docs/sandbox.md).
            if (!someoneToAsk.getAsBoolean()) {
                err.println(Refusal.confinedNote(admission.placement().profile()));
                return rc;
            }
            err.println(Refusal.ASKING_AFTER_CONFINED);
            err.flush();
            CommandGate asking = new CommandGate(classifier, log, approver, session, sandbox.asking());
            CommandGate.Admission again = asking.admit(text, cwd, CommandGate.Context.of("unknown", Map.of("mode", "stdin")));
            if (!again.runs()) {
                again.printRefusal(err);
                send(toShell, "(exit 126)\n");
                return 126;
            }
            return run(asking, again, text, toShell, status, shellPid);
        }
        return rc;
    }

    /** True when the last command ran in a sandbox of its own. */
    private boolean confinedLast;

    private Integer run(CommandGate gate, CommandGate.Admission admission, String text, OutputStream toShell,
            BufferedReader status, long shellPid) throws IOException, AuditException {
        List<String> prefix = List.of();
        boolean stateOnly = ShellStateOnly.test(text);
        if (sandbox != null && !stateOnly && admission.placement().profile() != Profile.NONE) {
            try {
                prefix = sandbox.prefix(admission.placement(), cwd, List.of(), List.of());
            } catch (IOException e) {
                String why = "cannot prepare the sandbox (" + e.getMessage() + ")";
                Refusal.error(err, why);
                gate.finished(admission, cwd, Refusal.EXIT, 0, Map.of("mode", "stdin", "not_run", why));
                send(toShell, "(exit 126)\n");
                return Refusal.EXIT;
            }
        }
        confinedLast = !prefix.isEmpty();
        long start = System.nanoTime();
        Integer rc;
        Map<String, Object> extra = new java.util.HashMap<>(Map.of("mode", "stdin"));
        if (prefix.isEmpty()) {
            // The group's redirections hold for the command only: it reads /dev/null, cannot write to the
            // status channel (fd 3), and an `exec <file` inside cannot change where the shell reads commands.
            send(toShell, "{ " + text + "\n} </dev/null 3>&-\n__airlock_status=$?; printf '%d\\n' \"$__airlock_status\" >&3;"
                    + " (exit $__airlock_status)\n"); // `$?` stays the command's for the next command
            rc = readStatus(status);
            if (stateOnly && admission.placement().profile() != Profile.NONE) {
                extra.put("shell_state", true);
            }
        } else {
            send(toShell, "{ " + step.shellText(text, prefix, realShell) + "\n} </dev/null 3>&-\n"
                    + "__airlock_status=$?; printf '%d\\n' \"$__airlock_status\" >&3\n");
            rc = readStatus(status);
            if (rc != null) {
                rc = handBack(rc, toShell, status);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        cwd = CommandGate.cwdOf(shellPid).orElse(cwd); // `cd` persists: later commands resolve paths from here
        try {
            gate.finished(admission, cwd, rc == null ? -1 : rc, ms, extra);
        } catch (AuditException e) {
            // It ran: say so, and go on with its status. `airlock audit verify` reports the result as lost.
            err.println("airlock: the command ran (exit " + rc + "), but its result could not be written to the audit log: "
                    + e.getMessage());
        }
        return ending ? null : rc;
    }

    /** Set when a confined command ended its shell (`exit`): the long-lived shell was told to end too. */
    private boolean ending;

    /**
     * Carries the confined run's directory and variables into the long-lived shell, each variable only
     * when the policy allows setting it on its own; ends the shell when the run ended its own (`exit`).
     * Returns the status, or null when the shell has gone.
     */
    private Integer handBack(int rc, OutputStream toShell, BufferedReader status) throws IOException {
        java.util.Optional<ConfinedStep.Return> back = step.back(classifier, cwd);
        if (back.isEmpty()) {
            if (rc < 128) {
                // It never reached the end of its text: `exit` or `exec`, which would have ended this shell too.
                send(toShell, "exit " + rc + "\n");
                ending = true;
                return rc;
            }
            send(toShell, "(exit " + rc + ")\n");
            return rc;
        }
        send(toShell, "{ " + back.get().apply() + "} 2>/dev/null </dev/null 3>&-\nprintf '%d\\n' " + rc + " >&3; (exit "
                + rc + ")\n");
        Integer synced = readStatus(status);
        back.get().note().ifPresent(err::println);
        return synced == null ? null : rc;
    }

    private static Integer readStatus(BufferedReader status) throws IOException {
        String reply = status.readLine();
        return reply == null ? null : status(reply);
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
