package dev.airlock.session;

import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.exec.CommandGate;
import dev.airlock.exec.ConfinedStep;
import dev.airlock.exec.Refusal;
import dev.airlock.exec.Signals;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.sandbox.Profile;
import dev.airlock.sandbox.Sandbox;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;

/**
 * `airlock session`: a guarded interactive shell over a pseudo-terminal. The real shell (bash) runs
 * on a PTY and reads its commands from airlock alone; airlock reads what is typed with a line
 * editor that shows the shell's own prompt, classifies each complete command, asks the console
 * when the policy says so, and hands the shell only what may run. While a command runs, every key
 * goes straight to its terminal. The shell's marks (see {@link ShellRc}) say when a command
 * started, how it ended and when the shell waits again; nothing is guessed from output timing.
 */
public final class Session {
    /** How long the first prompt may take (a slow ~/.bashrc): a hang guard, not a measurement. */
    private static final long FIRST_PROMPT_SECONDS = 60;

    private final Terminal terminal;
    private final Screen screen;
    private final CommandGate gate;
    private final Withdrawable approver;
    private final Map<String, Object> extra;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ShellPty shell;
    private ShellOutput output;
    private Thread outputThread;
    private KeyRouter keys;
    private LineKeys lineKeys;
    private PtyWriter writer;
    private Terminal lineTerminal;
    private LineReader reader;
    private String cwd;
    private PromptText prompt = PromptText.of(new byte[0]);
    /** Set once the shell has gone; then its status. */
    private Integer exitStatus;
    /** Set (to the signal's number) when SIGHUP or SIGTERM ends airlock: then the session says nothing more. */
    private volatile int hangUpSignal;

    private final Classifier classifier;
    private final Sandbox sandbox;
    private final CommandGate askingGate;
    private final java.util.function.BooleanSupplier someoneToAsk;
    private SessionSandbox confinement;

    Session(Terminal terminal, Classifier classifier, AuditLog log, Approver console, String session,
            Map<String, Object> extra, String cwd, Sandbox sandbox, java.util.function.BooleanSupplier someoneToAsk) {
        this.terminal = terminal;
        this.screen = new Screen(new FileOutputStream(FileDescriptor.out));
        this.approver = new Withdrawable(console, request -> screen.text(
                "airlock: asking `airlock console` for a person's approval (Ctrl-C withdraws the request)\n"));
        this.classifier = classifier;
        this.sandbox = sandbox;
        this.someoneToAsk = someoneToAsk;
        this.gate = new CommandGate(classifier, log, () -> approver, session, sandbox);
        this.askingGate = new CommandGate(classifier, log, () -> approver, session, sandbox.asking());
        this.extra = extra;
        this.cwd = cwd;
    }

    /** Runs a session of {@code shell} in {@code cwd}; returns the status to exit with (the shell's, or 126 when it cannot start). */
    public static int start(Map<String, String> env, PrintStream err, String cwd, Path shell) {
        return SessionStart.start(env, err, cwd, shell);
    }

    int run(Path shellPath, Map<String, String> shellEnv, AirlockPaths paths, List<String> chain,
            PrintStream err, String termType) throws IOException {
        Path dir = Files.createTempDirectory("airlock-session", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Attributes saved = terminal.getAttributes();
        String nonce = SessionFiles.nonce();
        try {
            PtyNatives.prepare(paths.stateDir());
            Path rc = ShellRc.write(dir, nonce, true);
            confinement = SessionSandbox.create(sandbox, classifier, dir, shellPath);
            Size size = size();
            shell = ShellPty.start(shellPath, rc, shellEnv, cwd, size.getColumns(), size.getRows(), dir);
        } catch (InterruptedException e) {
            err.println("airlock: interrupted while starting the shell; nothing was run.");
            SessionFiles.deleteTree(dir);
            return 126;
        } catch (IOException | RuntimeException | LinkageError e) {
            err.println("airlock: cannot start the shell: " + e.getMessage() + " (the session needs bash 4.4 or newer)");
            err.println("airlock: nothing was run.");
            SessionFiles.deleteTree(dir);
            return 126;
        }
        Signals.install(signal -> {
            if (signal == 1 || signal == 15) {
                hangUp(signal, saved, dir); // SIGHUP, SIGTERM: nothing of the session may outlive airlock
            }
            // SIGINT, SIGQUIT from outside: keys reach the command as bytes, so these are not the typist's
        });
        try {
            terminal.setAttributes(SessionFiles.raw(saved));
            startThreads(nonce, termType, paths.stateDir().resolve("history"));
            terminal.handle(Terminal.Signal.WINCH, s -> resize());
            loop(chain);
            int status = finish();
            // A hang-up kills an interactive shell (it ignores SIGTERM) with SIGKILL; this thread may see that
            // end before the signal's thread halts. The status is the signal's either way, not the shell's 137.
            int signal = hangUpSignal;
            return signal != 0 ? 128 + signal : status;
        } finally {
            SessionReaper.end(shell.pid(), 2000);
            if (writer != null) {
                writer.close();
            }
            if (outputThread != null) {
                join(outputThread, 5000);
            }
            screen.resetModes();
            terminal.setAttributes(saved);
            terminal.flush();
            SessionFiles.deleteTree(dir);
        }
    }

    private void startThreads(String nonce, String termType, Path history) throws IOException {
        output = new ShellOutput(shell.output(), screen, events, nonce);
        outputThread = daemon(output, "session-output");
        writer = new PtyWriter(shell.keys());
        daemon(writer, "session-keys-out");
        lineKeys = new LineKeys();
        keys = new KeyRouter(new FileInputStream(FileDescriptor.in), lineKeys, writer);
        lineKeys.onDemand(keys::toLine);
        daemon(keys, "session-keys-in");
        daemon(() -> {
            int status;
            while (true) {
                try {
                    status = shell.process().waitFor();
                    break;
                } catch (InterruptedException e) {
                    // keep waiting: only the shell's end ends this thread
                }
            }
            events.add(new Event.Exited(status));
            lineKeys.close(); // a line being typed now has no shell to go to
        }, "session-exit");
        lineTerminal = new LineTerminal(termType == null || termType.isEmpty() ? "xterm-256color" : termType,
                new BufferedOutputStream(screen.drawing()), size(), lineKeys);
        reader = LineReaderBuilder.builder().terminal(lineTerminal).parser(new ShellLineParser())
                .variable(LineReader.HISTORY_FILE, SessionFiles.privateFile(history))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        LineEditing.setUp(reader);
    }

    private void loop(List<String> chain) {
        if (!awaitFirstPrompt()) {
            return;
        }
        while (exitStatus == null) {
            String line = readLine();
            if (line == null) {
                boolean gone = !shell.process().isAlive();
                shell.endInput(); // Ctrl-D: the shell reads end of input and exits with its status
                awaitExit();
                if (gone && hangUpSignal == 0) {
                    screen.text("\nairlock: the shell has gone (status " + exitStatus + "); the session ends\n");
                }
                return;
            }
            if (line.isBlank()) {
                continue;
            }
            runCommand(line, chain);
        }
    }

    private boolean awaitFirstPrompt() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FIRST_PROMPT_SECONDS);
        keys.hold(true, null);
        while (System.nanoTime() < deadline) {
            Event e = poll(deadline);
            if (e instanceof Event.Prompt p) {
                prompt = PromptText.of(p.text());
                cwd = CommandGate.cwdOf(shell.pid()).orElse(cwd);
                return true;
            }
            if (e instanceof Event.Exited x) {
                exitStatus = 126; // nothing was run: the session never started
                screen.text("airlock: the shell exited before its first prompt (status " + x.status()
                        + "); the session needs bash 4.4 or newer. Nothing was run.\n");
                return false;
            }
        }
        screen.text("airlock: the shell showed no prompt within " + FIRST_PROMPT_SECONDS
                + " s (is it bash 4.4 or newer?); ending the session. Nothing was run.\n");
        exitStatus = 126;
        return false;
    }

    /** One command line from the person, or null at the end of input. */
    private String readLine() {
        byte[] effects = prompt.sideEffects();
        screen.write(effects, 0, effects.length);
        output.reading(reader);
        try {
            return reader.readLine(prompt.pattern());
        } catch (UserInterruptException e) {
            Thread.interrupted(); // jline re-raises the interrupt it used to stop reading
            return "";
        } catch (EndOfFileException e) {
            String partial = e.getPartialLine();
            if (partial != null && !partial.isBlank()) {
                String why = ShellLineParser.incomplete(partial);
                screen.text("\nairlock: input ended inside an unfinished command"
                        + (why == null ? "" : " (" + why + ")") + "; it was not run\n");
            }
            return null;
        } finally {
            output.reading(null);
        }
    }

    private void runCommand(String text, List<String> chain) {
        keys.hold(false, approver::withdraw);
        CommandGate.Admission admission;
        try {
            admission = gate.admit(text, cwd, new CommandGate.Context(List.of(), chain, (String) extra.get("agent"), extra, null));
        } catch (AuditException e) {
            screen.text("airlock: cannot write the audit log: " + e.getMessage() + "\nairlock: nothing was run.\n");
            return;
        } finally {
            Thread.interrupted();
        }
        if (!admission.runs()) {
            admission.printRefusal(screen.textStream());
            send("(exit 126)", null); // `$?` says the command failed, as a refused command does in airlock-sh
            return;
        }
        Integer status = runAdmitted(text, admission, gate);
        if (status == null || status < 1 || status > 125 || !confinedLast
                || !admission.placement().confinedInsteadOfAsking()) {
            return;
        }
        // It changed nothing that persists: running it again with a person's approval is safe (docs/sandbox.md).
        if (!someoneToAsk.getAsBoolean()) {
            screen.text(Refusal.confinedNote(admission.placement().profile()) + "\n");
            return;
        }
        screen.text(Refusal.ASKING_AFTER_CONFINED + "\n");
        CommandGate.Admission again;
        try {
            again = askingGate.admit(text, cwd, new CommandGate.Context(List.of(), chain, (String) extra.get("agent"),
                    extra, null));
        } catch (AuditException e) {
            screen.text("airlock: cannot write the audit log: " + e.getMessage() + "\nairlock: nothing was run.\n");
            return;
        } finally {
            Thread.interrupted();
        }
        if (!again.runs()) {
            again.printRefusal(screen.textStream());
            send("(exit 126)", null);
            return;
        }
        runAdmitted(text, again, askingGate);
    }

    /** True when the last command ran in a sandbox of its own. */
    private boolean confinedLast;

    /**
     * Runs an admitted command: in the shell itself when it runs unconfined or only changes the shell's
     * state, else in a sandbox of its own that starts from the shell's state ({@link ConfinedStep}), on
     * this terminal. Returns its status, or null when the shell has gone.
     */
    private Integer runAdmitted(String text, CommandGate.Admission admission, CommandGate gate) {
        java.util.Optional<SessionSandbox.Line> line;
        try {
            line = confinement.line(text, admission.placement(), cwd);
        } catch (IOException e) {
            String why = "cannot prepare the sandbox (" + e.getMessage() + ")";
            screen.text("airlock: " + why + "\n");
            logResult(gate, admission, 126, System.nanoTime(), Map.of("not_run", why));
            send("(exit 126)", null);
            return 126;
        }
        confinedLast = line.isPresent();
        if (line.isEmpty()) {
            boolean stateOnly = admission.placement().profile() != Profile.NONE;
            return send(text, admission, gate, stateOnly ? Map.of("shell_state", true) : Map.of());
        }
        if (line.get().background()) {
            return send(line.get().text(), admission, gate, Map.of());
        }
        HandBack back = confinement.handBack(cwd);
        Integer status = send(line.get().text(), admission, gate, Map.of());
        back.end().ifPresent(n -> screen.text(n + "\n"));
        return status;
    }

    /**
     * Hands {@code text} to the shell and follows it to the next prompt; {@code admission} null: airlock's
     * own command (not logged).
     */
    private void send(String text, CommandGate.Admission admission) {
        send(text, admission, gate, Map.of());
    }

    /** As {@link #send(String, CommandGate.Admission)}; returns the command's status, or null when the shell went. */
    private Integer send(String text, CommandGate.Admission admission, CommandGate gate, Map<String, Object> more) {
        keys.hold(true, null);
        long start = System.nanoTime();
        try {
            shell.send(text);
        } catch (IOException e) {
            // the shell is gone: its exit event follows
        }
        Integer status = null;
        while (true) {
            Event e = take();
            if (e instanceof Event.Marked m && m.mark() instanceof Mark.CommandStart && status == null) {
                keys.toPty();
            } else if (e instanceof Event.Marked m && m.mark() instanceof Mark.CommandEnd end && status == null) {
                status = end.status();
                keys.hold(false, null);
                takeBackTypeahead();
                cwd = CommandGate.cwdOf(shell.pid()).orElse(cwd);
                logResult(gate, admission, status, start, more);
            } else if (e instanceof Event.Prompt p && status != null) {
                prompt = PromptText.of(p.text());
                return status;
            } else if (e instanceof Event.Exited x) {
                exitStatus = x.status();
                if (status == null) {
                    logResult(gate, admission, x.status(), start, more); // `exit`: the shell's status is the command's
                }
                return null;
            }
        }
    }

    private void logResult(CommandGate gate, CommandGate.Admission admission, int status, long start,
            Map<String, Object> more) {
        if (admission == null) {
            return;
        }
        try {
            Map<String, Object> fields = new HashMap<>(extra);
            fields.putAll(more);
            gate.finished(admission, cwd, status, (System.nanoTime() - start) / 1_000_000, fields);
        } catch (AuditException e) {
            screen.text("airlock: cannot write the audit log: " + e.getMessage() + "\n");
        }
    }

    /** Keys typed during the command that no program read go back to the line reader, as the next line's start. */
    private void takeBackTypeahead() {
        java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
        boolean last;
        do {
            // Keys still on their way to the terminal land there first; draining makes room for a blocked write.
            last = !keys.inFlight() && writer.idle();
            byte[] b = Typeahead.drain(shell.terminal());
            back.write(b, 0, Math.min(b.length, Math.max(0, Typeahead.MAX - back.size())));
            if (!last) {
                Thread.onSpinWait();
            }
        } while (!last);
        keys.unread(back.toByteArray());
    }

    private void awaitExit() {
        while (exitStatus == null) {
            Event e = take();
            if (e instanceof Event.Exited x) {
                exitStatus = x.status();
            }
        }
    }

    private int finish() {
        if (exitStatus == null) {
            shell.endInput();
            awaitExit();
        }
        return exitStatus;
    }

    /** The terminal's size; a terminal that reports none (0 x 0, e.g. under `script`) counts as 80 x 24. */
    private Size size() {
        Size size = terminal.getSize();
        return size.getColumns() > 0 && size.getRows() > 0 ? size : new Size(80, 24);
    }

    private void resize() {
        Size size = size();
        shell.resize(size.getColumns(), size.getRows());
        if (lineTerminal != null) {
            lineTerminal.setSize(size);
            if (reader.isReading()) {
                lineTerminal.raise(Terminal.Signal.WINCH);
            }
        }
    }

    /** SIGHUP or SIGTERM: end the shell's whole session, put the terminal back, and go. */
    private void hangUp(int signal, Attributes saved, Path dir) {
        hangUpSignal = signal;
        if (shell != null) {
            SessionReaper.end(shell.pid(), 500);
        }
        try {
            screen.resetModes();
            terminal.setAttributes(saved);
            terminal.flush();
        } catch (RuntimeException ignored) {
            // the terminal itself may be what went away
        }
        SessionFiles.deleteTree(dir);
        Runtime.getRuntime().halt(128 + signal);
    }

    private Event take() {
        while (true) {
            try {
                return events.take();
            } catch (InterruptedException e) {
                // only the events end a wait here
            }
        }
    }

    private Event poll(long deadline) {
        try {
            return events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return null;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
