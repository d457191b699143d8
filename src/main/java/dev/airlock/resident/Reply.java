package dev.airlock.resident;

import dev.airlock.exec.ResidentAdmission;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer as the launcher's bash reads it: fields ended by NUL bytes (bash's `read -d ''`), which no
 * argument or environment value can hold.
 * The k words confine the command (`setsid bwrap ... --`, none when it runs unconfined); `ask` says it
 * runs confined instead of asking, so a failure goes to airlock-sh's JVM, which asks a person.
 * Every answer opens with the server's token, which only the user's own processes can read (in the
 * private directory beside the port), so a stranger listening on a stale port cannot answer.
 * <pre>
 * token NUL run NUL real-shell NUL n NUL name... NUL m NUL (name NUL value NUL)... k NUL word... NUL ask-or-empty NUL end NUL
 * token NUL fallback NUL reason NUL end NUL
 * </pre>
 */
final class Reply {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] of(String token, ResidentAdmission.Answer answer) {
        Reply r = new Reply();
        r.field(token);
        if (answer instanceof ResidentAdmission.Run run) {
            r.field("run").field(run.realShell()).field(Integer.toString(run.unset().size()));
            run.unset().forEach(r::field);
            r.field(Integer.toString(run.set().size()));
            for (Map.Entry<String, String> e : run.set().entrySet()) {
                r.field(e.getKey()).field(e.getValue());
            }
            r.field(Integer.toString(run.confinement().size()));
            run.confinement().forEach(r::field);
            r.field(run.askIfItFails() ? "ask" : "");
        } else if (answer instanceof ResidentAdmission.Fallback fallback) {
            r.field("fallback").field(fallback.reason().replace('\0', ' '));
        }
        return r.field("end").out.toByteArray();
    }

    private Reply field(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        return this;
    }
}
