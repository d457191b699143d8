package dev.airlock.bench;

import dev.airlock.audit.AuditLog;
import dev.airlock.audit.Spawn;
import dev.airlock.audit.Verifier;
import dev.airlock.audit.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reports append and verify throughput; never asserts. Appends come from real processes with force()
 * on every record, as in production. Run after {@code mvn package}:
 * {@code java -cp target/airlock.jar:target/test-classes dev.airlock.bench.AuditBench}
 */
public final class AuditBench {
    public static void main(String[] args) throws Exception {
        int perProcess = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("airlock-bench");
        System.out.printf("nproc %d, %s, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), System.getProperty("java.version"));
        for (int procs : new int[] {1, 8}) {
            Path log = dir.resolve("p" + procs + "/audit.jsonl");
            long ns = Spawn.appendInParallel(log, procs, perProcess, AuditLog.DEFAULT_MAX_BYTES);
            long n = (long) procs * perProcess;
            System.out.printf("append, %d process(es), force on: %d records in %.2f s = %.0f records/s%n",
                    procs, n, ns / 1e9, n / (ns / 1e9));
        }
        Path log = dir.resolve("p8/audit.jsonl");
        Verifier.verify(log);   // warm up
        long t = System.nanoTime();
        VerifyReport r = Verifier.verify(log);
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf("verify: %d records (%d bytes) in %.3f s = %.0f records/s, intact=%s%n",
                r.records(), Files.size(log), s, r.records() / s, r.intact());
    }
}
