package dev.airlock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code airlock audit}: review the tamper-evident log of decisions and results. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Review the audit log: what agents ran, who decided, what happened.",
        subcommands = {AuditList.class, AuditShow.class, AuditVerify.class, AuditStats.class, AuditExport.class, AuditTail.class})
public final class Audit implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
