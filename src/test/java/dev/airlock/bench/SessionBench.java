package dev.airlock.bench;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports (never asserts) what `airlock session` costs a terminal: throughput of `cat` of a large
 * file, and the echo time of single key strokes typed into a running `cat`, both through
 * `bin/airlock session` and through bash on a bare PTY, driven the same way from pty4j.
 * Run after {@code mvn -q -B -DskipTests package}:
 * {@code java -cp target/airlock.jar:target/test-classes dev.airlock.bench.SessionBench [MB] [keys]}
 */
public final class SessionBench {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path dir = Files.createTempDirectory("airlock-session-bench");
        Path data = dir.resolve("data.txt");
        writeData(data, megabytes);
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("home/.bashrc"), "PS1='bench$ '\n"); // the session's bash reads it; bare bash has --norc
        System.out.printf("nproc %d, java %s, %d MB file, %d key strokes%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), megabytes, keys);
        try {
            Figures bare = measure("bare", new String[] {"/bin/bash", "--norc", "--noprofile", "-i"}, dir, megabytes, keys);
            // The same bash behind util-linux `script`, a PTY proxy written in C: what a second terminal hop
            // costs by itself on this machine, whoever copies the bytes.
            Figures script = measure("script", new String[] {"script", "-qfec", "/bin/bash --norc --noprofile -i",
                "/dev/null"}, dir, megabytes, keys);
            Figures airlock = measure("session", new String[] {ROOT.resolve("bin/airlock").toString(), "session"}, dir,
                    megabytes, keys);
            System.out.printf("result session.script_mb_per_s %.1f%n", script.mbPerSecond());
            System.out.printf("result session.script_ratio %.2f%n", script.mbPerSecond() / bare.mbPerSecond());
            System.out.printf("result session.script_added_echo_p99_us %.0f%n", script.p99() - bare.p99());
            System.out.printf("result session.bare_mb_per_s %.1f%n", bare.mbPerSecond());
            System.out.printf("result session.mb_per_s %.1f%n", airlock.mbPerSecond());
            System.out.printf("result session.throughput_ratio %.2f%n", airlock.mbPerSecond() / bare.mbPerSecond());
            System.out.printf("result session.bare_echo_p50_us %.0f%n", bare.p50());
            System.out.printf("result session.bare_echo_p99_us %.0f%n", bare.p99());
            System.out.printf("result session.echo_p50_us %.0f%n", airlock.p50());
            System.out.printf("result session.echo_p99_us %.0f%n", airlock.p99());
            System.out.printf("result session.added_echo_p99_us %.0f%n", airlock.p99() - bare.p99());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Figures(double mbPerSecond, long[] echoNanos) {
        double p50() {
            return echoNanos[echoNanos.length / 2] / 1000.0;
        }

        double p99() {
            return echoNanos[(int) (echoNanos.length * 0.99)] / 1000.0;
        }
    }

    private static Figures measure(String name, String[] command, Path dir, int megabytes, int keys) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("LANG", "C.UTF-8");
        env.put("TERM", "xterm-256color");
        env.put("PS1", "bench$ ");
        env.put("XDG_STATE_HOME", dir.resolve("home/state").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("home/config").toString());
        env.put("AIRLOCK_SOCKET", dir.resolve("no-console.sock").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        PtyProcess p = new PtyProcessBuilder(command).setEnvironment(env).setDirectory(dir.toString())
                .setInitialColumns(120).setInitialRows(40).start();
        Screen screen = new Screen(dev.airlock.session.PtyInput.of(p)); // pty4j's own stream is the slow part
        Thread reader = new Thread(screen, "bench-reader");
        reader.setDaemon(true);
        reader.start();
        OutputStream keyboard = p.getOutputStream();
        try {
            type(keyboard, "echo READY-$((20+22))\r");
            screen.await("READY-42");
            // Warm-up: the copy loops get compiled before the measured run.
            type(keyboard, "head -c " + (megabytes << 18) + " data.txt; echo WARM-$((1+1))\r");
            screen.await("WARM-2");
            long t0 = System.nanoTime();
            type(keyboard, "cat data.txt; echo END-$((1+2))\r");
            screen.await("END-3");
            double seconds = (System.nanoTime() - t0) / 1e9;
            double mbPerSecond = megabytes / seconds;
            System.out.printf("%s: cat of %d MB in %.2f s = %.1f MB/s%n", name, megabytes, seconds, mbPerSecond);

            type(keyboard, "echo CAT-$((3+4)); cat\r");
            screen.await("CAT-7");
            Thread.sleep(300); // cat reads its terminal by now; nothing below is timed until the first key
            long[] echo = new long[keys];
            int line = 0;
            for (int k = 0; k < keys; k++) {
                long expect = screen.xs() + 1;
                long s = System.nanoTime();
                keyboard.write('x');
                keyboard.flush();
                screen.awaitXs(expect);
                echo[k] = System.nanoTime() - s;
                if (++line == 64) { // cat prints the line back: 64 more x's, not timed
                    line = 0;
                    long after = screen.xs() + 64;
                    type(keyboard, "\r");
                    screen.awaitXs(after);
                }
            }
            type(keyboard, "\u0004");
            type(keyboard, "exit\r");
            Arrays.sort(echo);
            Figures f = new Figures(mbPerSecond, echo);
            System.out.printf("%s: key echo p50 %.0f us, p99 %.0f us, max %.0f us%n", name, f.p50(), f.p99(),
                    echo[echo.length - 1] / 1000.0);
            return f;
        } finally {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void type(OutputStream keyboard, String s) throws IOException {
        keyboard.write(s.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Lines of printable text (no `x`, which the echo test counts), {@code megabytes} MiB in all. */
    private static void writeData(Path file, int megabytes) throws IOException {
        char[] row = new char[99];
        for (int k = 0; k < row.length; k++) {
            row[k] = (char) ('a' + (k % 23)); // a..w
        }
        String line = new String(row) + "\n";
        try (Writer w = Files.newBufferedWriter(file)) {
            long total = (long) megabytes << 20;
            for (long n = 0; n < total; n += line.length()) {
                w.write(line, 0, (int) Math.min(line.length(), total - n));
            }
        }
    }

    /** Reads the terminal: counts `x` bytes and finds markers without keeping the output. */
    static final class Screen implements Runnable {
        private final InputStream in;
        private final StringBuilder tail = new StringBuilder();
        private long xs;

        Screen(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (this) {
                        for (int k = 0; k < n; k++) {
                            if (buf[k] == 'x') {
                                xs++;
                            }
                        }
                        tail.append(new String(buf, Math.max(0, n - 1024), Math.min(n, 1024), StandardCharsets.ISO_8859_1));
                        if (tail.length() > 2048) {
                            tail.delete(0, tail.length() - 2048);
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the terminal closed
            }
        }

        synchronized long xs() {
            return xs;
        }

        synchronized void awaitXs(long n) throws InterruptedException {
            while (xs < n) {
                wait(60_000);
            }
        }

        synchronized void await(String marker) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 600_000;
            while (tail.indexOf(marker) < 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("never saw " + marker + " in: " + tail);
                }
                wait(1000);
            }
            tail.setLength(0);
        }
    }
}
