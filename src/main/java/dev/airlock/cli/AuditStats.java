package dev.airlock.cli;

import dev.airlock.audit.AuditException;
import dev.airlock.audit.Query;
import dev.airlock.audit.Stats;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock audit stats}: what was decided, by whom, how long people took, what failed. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Counts by decision and approver, top asked/denied/failing programs, approval wait p50/p95, commands per session.")
final class AuditStats extends AuditCommand {
    @Mixin
    AuditOptions.Filters filters = new AuditOptions.Filters();

    @Option(names = "--top", paramLabel = "N", description = "How many programs and sessions to name in each top list (default: 5).")
    int top = 5;

    @Override
    int run(Path log) throws AuditException {
        Stats stats = new Stats();
        Query.run(log, filters.filter(), filters.limit, stats, AuditOptions.warnings(err()));
        stats.report(Math.max(1, top)).forEach(out()::println);
        return OK;
    }
}
