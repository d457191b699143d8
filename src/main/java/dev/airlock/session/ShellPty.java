package dev.airlock.session;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.UnixPtyProcess;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real shell on a pseudo-terminal. Its stdout, stderr and terminal are the PTY, as in any
 * terminal, but it reads its commands from a pipe only airlock writes to: what is typed reaches the
 * PTY only while a command runs, so nothing typed can ever become a command the shell runs without
 * airlock's decision. Each command runs with the terminal as its stdin (see {@link #send}).
 */
final class ShellPty {
    private final PtyProcess process;
    private final OutputStream commands;
    private final String terminal;

    private ShellPty(PtyProcess process, OutputStream commands) {
        this.process = process;
        this.commands = commands;
        this.terminal = process instanceof UnixPtyProcess u ? u.getPty().getSlaveName() : "/dev/tty";
    }

    /**
     * Starts {@code shell} as an interactive bash with airlock's rc file, reading commands from a FIFO
     * in the session's private directory; the FIFO's name is removed as soon as both ends are open.
     */
    static ShellPty start(Path shell, Path rc, Map<String, String> env, String cwd, int columns, int rows, Path dir)
            throws IOException {
        Path fifo = dir.resolve("commands");
        try {
            if (new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor() != 0) {
                throw new IOException("mkfifo " + fifo + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting up the shell");
        }
        // bash takes its commands from stdin; the launcher points stdin at the FIFO and execs the real
        // shell (`--noediting`: no readline, which would interpret what airlock writes as key strokes).
        List<String> argv = List.of(shell.toString(), "-c", "exec \"$0\" --noediting --rcfile \"$1\" -i 0<\"$2\"",
                shell.toString(), rc.toString(), fifo.toString());
        PtyProcess p = new PtyProcessBuilder(argv.toArray(new String[0])).setEnvironment(env).setDirectory(cwd)
                .setInitialColumns(columns).setInitialRows(rows).setRedirectErrorStream(true).start();
        CompletableFuture<OutputStream> open = CompletableFuture.supplyAsync(() -> {
            try {
                return new FileOutputStream(fifo.toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            OutputStream commands = waitForOpen(open, p);
            Files.deleteIfExists(fifo);
            return new ShellPty(p, commands);
        } catch (IOException e) {
            p.destroyForcibly();
            Files.deleteIfExists(fifo);
            throw e;
        }
    }

    /** Opening the FIFO's write end waits for the shell to open the other; a shell that died never will. */
    private static OutputStream waitForOpen(CompletableFuture<OutputStream> open, PtyProcess p) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a hang guard, not a measurement
        while (System.nanoTime() < deadline) {
            try {
                return open.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!p.isAlive()) {
                    throw new IOException("the shell exited at once (status " + p.exitValue() + ")");
                }
            } catch (ExecutionException e) {
                throw new IOException("cannot open the shell's command pipe: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the shell");
            }
        }
        throw new IOException("the shell did not open its command pipe within 30 s (is it bash?)");
    }

    long pid() {
        return process.pid();
    }

    /** What the shell and its commands print, marks included. */
    InputStream output() {
        return PtyInput.of(process);
    }

    /** The terminal's keyboard side: what is typed while a command runs. */
    OutputStream keys() {
        return process.getOutputStream();
    }

    /** The PTY's device, e.g. /dev/pts/4: where the typeahead a command left unread waits. */
    String terminal() {
        return terminal;
    }

    /**
     * Hands a command to the shell. The braces keep it one command for the shell while their
     * redirection gives it the terminal as stdin (the shell itself keeps reading the pipe: an
     * `exec <file` inside cannot change where the next commands come from); the text was parsed as
     * complete, so the closing brace cannot be part of it.
     */
    void send(String command) throws IOException {
        commands.write(("{ " + command + "\n} <" + terminal + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
    }

    /** No more commands: the shell reads end of input and exits with the last command's status. */
    void endInput() {
        try {
            commands.close();
        } catch (IOException ignored) {
            // the shell is gone already
        }
    }

    void resize(int columns, int rows) {
        try {
            process.setWinSize(new WinSize(Math.max(columns, 1), Math.max(rows, 1)));
        } catch (IllegalStateException ignored) {
            // the shell has gone; its terminal has no size to change
        }
    }

    PtyProcess process() {
        return process;
    }
}
