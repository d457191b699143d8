package dev.airlock.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A point in time on the command line: an age ({@code 90s}, {@code 30m}, {@code 2h}, {@code 3d},
 * {@code 1w}: that long before now), a local date or date-time ({@code 2026-11-24},
 * {@code 2026-11-24T10:00}), or an instant with a zone ({@code 2026-11-24T10:00Z}, {@code ...+01:00}).
 */
final class TimeSpec implements CommandLine.ITypeConverter<Instant> {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhdw])");
    private final Clock clock;
    private final ZoneId zone;

    TimeSpec() {
        this(Clock.systemUTC(), ZoneId.systemDefault());
    }

    TimeSpec(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        Matcher m = AGE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d);
        }
        try {
            if (v.matches("\\d{4}-\\d\\d-\\d\\d")) return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(v).toInstant();
            }
            return LocalDateTime.parse(v).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a time: use an age like 2h, 30m, 3d, or a date like 2026-11-24 or 2026-11-24T10:00");
        }
    }
}
