package dev.airlock.exec;

import dev.airlock.approval.ApprovalAnswer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Approver;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditRecord;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Verdict;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A guarded non-interactive shell: reads complete commands from stdin one after another (a
 * command continues over lines while the parser says it is incomplete), classifies each, and runs
 * the allowed ones in one persistent real shell so `cd` and variables carry over. A refused command
 * prints `airlock:` lines and counts as a command that failed with 126; the shell goes on.
 * Each command runs with stdin from /dev/null, so it cannot swallow the commands after it.
 */
final class StdinShell {
    private final Classifier classifier;
    private final AuditLog log;
    private final Approver approver;
    private final PrintStream err;
    /** The real shell's directory, as it reported after the last command: the next one is classified there. */
    private String cwd;
    /** Reading commands from a person at a terminal: prompt, and give commands the terminal as stdin. */
    private final boolean terminal;
    private final String session;

    private final java.util.function.Consumer<Process> started;

    StdinShell(Classifier classifier, AuditLog log, Approver approver, PrintStream err, String cwd, String session,
            java.util.function.Consumer<Process> started, boolean terminal) {
        this.started = started;
        this.terminal = terminal;
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
            unblock(fifo);
            if (idle) {
                // killed (a forwarded SIGTERM) while airlock waits for the next line: end as the shell did
                err.flush();
                Runtime.getRuntime().halt(shell.exitValue());
            }
        });
        OutputStream toShell = shell.getOutputStream();
        int last = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                log) {
            // The shell survives Ctrl-C (a trapped signal is reset to the default in the commands it runs).
            send(toShell, "exec 3>'" + fifo + "'\n" + (terminal ? "trap : INT QUIT\n" : ""));
            BufferedReader status = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo),
                    StandardCharsets.UTF_8));
            StringBuilder pending = new StringBuilder();
            String line;
            while ((line = prompt(pending.length() > 0, reader)) != null) {
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
                Integer result = runOne(text.substring(0, text.length() - 1), toShell, status);
                if (result == null) {
                    break; // the shell exited (`exit`, `set -e`)
                }
                last = result;
            }
            if (pending.length() > 0 && !pending.toString().isBlank()) {
                Integer result = runOne(pending.toString(), toShell, status);
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
    private Integer runOne(String text, OutputStream toShell, BufferedReader status) throws IOException, AuditException {
        Verdict verdict = classifier.classify(text, cwd).verdict();
        Decision decision = verdict.decision();
        String approver = "policy";
        String note = null;
        Map<String, Object> extra = new HashMap<>();
        extra.put("mode", "stdin");
        if (decision == Decision.ASK) {
            ApprovalAnswer answer = this.approver.ask(new ApprovalRequest(UUID.randomUUID().toString(), text, cwd,
                    verdict.reasons(), verdict.rules(), List.of(), "unknown", "  command: " + Refusal.shorten(text) + "\n"));
            approver = answer.approver();
            note = answer.note();
            decision = answer.approved() ? Decision.ALLOW : Decision.DENY;
        }
        if (note != null) {
            extra.put("note", note);
        }
        extra.put("outcome", decision == Decision.ALLOW ? "run" : "refused");
        long pid = ProcessHandle.current().pid();
        long seq = log.append(AuditRecord.decision(session, pid, cwd, text, verdict.decision().json(), verdict.rules(),
                verdict.reasons(), approver, extra));
        if (decision != Decision.ALLOW) {
            Refusal.print(err, text, verdict, verdict.decision() == Decision.DENY ? "this command is never run through airlock."
                    : "this needs a person's approval" + (note == null ? "." : ": " + note));
            send(toShell, "(exit 126)\n");
            return 126;
        }
        long start = System.nanoTime();
        // fd 3 (the status fifo) is closed for the command: its output must not pass for airlock's status line
        send(toShell, "{ " + text + "\n} 3>&- " + (terminal ? "</dev/tty" : "</dev/null")
                + "\n__airlock_status=$?; printf '%d %s\\n' \"$__airlock_status\" \"$PWD\" >&3;"
                + " (exit $__airlock_status)\n"); // `$?` stays the command's for the next command
        String reply = status.readLine();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Integer rc = null;
        if (reply != null) {
            int space = reply.indexOf(' ');
            rc = Integer.valueOf(space < 0 ? reply.strip() : reply.substring(0, space));
            if (space > 0) {
                cwd = reply.substring(space + 1); // `cd` persists: later commands resolve paths from here
            }
        }
        log.append(AuditRecord.result(session, pid, cwd, text, seq, rc == null ? -1 : rc, ms, Map.of("mode", "stdin")));
        return rc;
    }

    private String prompt(boolean continuation, BufferedReader reader) throws IOException {
        if (terminal) {
            err.print(continuation ? "> " : "airlock:" + cwd + "$ ");
            err.flush();
        }
        idle = true;
        try {
            return reader.readLine();
        } finally {
            idle = false;
        }
    }

    /** True while waiting for the next line of input, when no command of the agent runs. */
    private volatile boolean idle;

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
