package dev.airlock.audit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A writer process for tests and the benchmark: {@code AppendMain LOG WRITER COUNT [MAX_BYTES]}.
 * Prints "ready", waits for a line on stdin (so a parent can start many at once), appends COUNT
 * decision records, then prints "done". Exits 1 with the message on an AuditException.
 */
public final class AppendMain {
    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        String writer = args[1];
        int count = Integer.parseInt(args[2]);
        long max = args.length > 3 ? Long.parseLong(args[3]) : AuditLog.DEFAULT_MAX_BYTES;
        AuditLog.Options options = new AuditLog.Options(max, false, java.time.Clock.systemUTC());
        try (AuditLog audit = AuditLog.open(log, options)) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            long pid = ProcessHandle.current().pid();
            for (int i = 0; i < count; i++) {
                audit.append(AuditRecord.decision("s-" + writer, pid, "/tmp", "echo " + writer + " " + i, "allow",
                        List.of("read-only"), List.of("echo only prints"), "policy", Map.of("writer", writer, "n", i)));
            }
            System.out.println("done");
        } catch (AuditException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
