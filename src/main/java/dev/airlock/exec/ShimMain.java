package dev.airlock.exec;

import java.util.List;

/** `airlock-sh`: the lean entry point agents start for every command (no picocli, nothing the path does not need). */
public final class ShimMain {
    private ShimMain() {}

    public static void main(String[] args) {
        try {
            // Before anything is started: every process from here on carries the guard mark, so none can
            // pose as a person's approver (docs/security.md).
            dev.airlock.approval.GuardedTree.markSelf();
        } catch (IllegalStateException e) {
            System.err.println("airlock: " + e.getMessage() + "; nothing was run");
            Runtime.getRuntime().halt(Refusal.EXIT);
        }
        int status;
        try {
            status = new Shim(System.getenv(), System.err, System.getProperty("user.dir")).run(List.of(args));
        } catch (RuntimeException | Error e) {
            // A failure of airlock itself never becomes "run it anyway".
            System.err.println("airlock: internal error, nothing was run: " + e);
            status = Refusal.EXIT;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
