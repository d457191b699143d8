package dev.airlock.resident;

import dev.airlock.exec.ResidentAdmission;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer as the launcher's bash reads it: fields ended by NUL bytes (bash's `read -d ''`), which no
 * argument or environment value can hold.
 * The k words confine the command (`setsid bwrap ... --`, none when it runs unconfined); `ask` says it
 * runs confined instead of asking, so a failure goes to airlock-sh's JVM, which asks a person; seq is the
 * decision record's, which the launcher hands to airlock-sh's JVM when the server is gone at the end.
 * The server's token comes first, alone: only the user's own processes can read it (in the private
 * directory beside the port), so a stranger listening on a stale port cannot answer; the launcher
 * answers {@code go} before the server decides anything.
 * <pre>
 * token NUL                                   (then the launcher: go LF)
 * run NUL seq NUL real-shell NUL n NUL name... NUL m NUL (name NUL value NUL)... k NUL word... NUL ask-or-empty NUL end NUL
 * fallback NUL reason NUL end NUL
 *                                             (after the command, the launcher: done STATUS MS LF)
 * ok NUL | lost NUL why NUL
 * </pre>
 */
final class Reply {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] of(ResidentAdmission.Answer answer) {
        Reply r = new Reply();
        if (answer instanceof ResidentAdmission.Run run) {
            r.add("run").add(Long.toString(run.completion().seq())).add(run.realShell())
                    .add(Integer.toString(run.unset().size()));
            run.unset().forEach(r::add);
            r.add(Integer.toString(run.set().size()));
            for (Map.Entry<String, String> e : run.set().entrySet()) {
                r.add(e.getKey()).add(e.getValue());
            }
            r.add(Integer.toString(run.confinement().size()));
            run.confinement().forEach(r::add);
            r.add(run.askIfItFails() ? "ask" : "");
        } else if (answer instanceof ResidentAdmission.Fallback fallback) {
            r.add("fallback").add(fallback.reason().replace('\0', ' '));
        }
        return r.add("end").out.toByteArray();
    }

    /** One field alone. */
    static byte[] field(String s) {
        return new Reply().add(s).out.toByteArray();
    }

    private Reply add(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        return this;
    }
}
