package dev.airlock.audit;

import java.util.concurrent.TimeUnit;

/**
 * Sends {@code airlock seq=N hash=H} to syslog through {@code logger -t airlock}, so that a copy of the
 * chain's progress lives where the user (and the agent running as the user) cannot rewrite it, e.g. a
 * remote syslog server. Best effort: a missing or hung logger never fails or holds up an append.
 */
final class SyslogWitness {
    private static final long WAIT_MS = 300;

    private SyslogWitness() {}

    static void send(long seq, String hash) {
        try {
            Process p = new ProcessBuilder("logger", "-t", "airlock", "airlock seq=" + seq + " hash=" + hash)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            // logger returns in a few ms; waiting briefly lets it finish before a short-lived JVM exits.
            p.waitFor(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // The witness is optional; the log on disk is the record.
        }
    }
}
