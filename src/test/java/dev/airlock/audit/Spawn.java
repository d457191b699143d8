package dev.airlock.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link AppendMain} writers as real processes, waits until every one has opened the log and
 * said "ready", then releases them together, so they contend for the lock without sleeps.
 */
public final class Spawn {
    private Spawn() {}

    /** Returns the wall time in nanoseconds from the release until the last writer exited. */
    public static long appendInParallel(Path log, int writers, int perWriter, long maxBytes) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            ps.add(new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), AppendMain.class.getName(),
                    log.toString(), "w" + w, Integer.toString(perWriter), Long.toString(maxBytes))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        List<BufferedReader> outs = new ArrayList<>();
        for (Process p : ps) {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (!"ready".equals(line)) throw new IOException("writer did not start: " + line);
            outs.add(r);
        }
        long start = System.nanoTime();
        for (Process p : ps) {
            OutputStream in = p.getOutputStream();
            in.write('\n');
            in.flush();
        }
        for (int i = 0; i < ps.size(); i++) {
            Process p = ps.get(i);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                ps.forEach(Process::destroyForcibly);
                throw new IOException("writer " + i + " hung");
            }
            if (p.exitValue() != 0) throw new IOException("writer " + i + " exited " + p.exitValue());
            if (!"done".equals(outs.get(i).readLine())) throw new IOException("writer " + i + " did not finish");
        }
        return System.nanoTime() - start;
    }
}
