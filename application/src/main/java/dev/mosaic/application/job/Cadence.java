package dev.mosaic.application.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a schedule fires. Ticks are fixed instants that every instance computes alike (intervals
 * count from the epoch, cron fields are read in UTC), so that instances agree on which tick is due.
 */
public sealed interface Cadence {

    /** The latest tick at or before {@code now}. */
    Instant latestAtOrBefore(Instant now);

    /** The first tick after {@code instant}. */
    Instant nextAfter(Instant instant);

    record Every(Duration period) implements Cadence {
        public Every {
            Objects.requireNonNull(period, "period");
            if (period.toMillis() < 1) {
                throw new IllegalArgumentException("an interval is at least a millisecond");
            }
        }

        @Override
        public Instant latestAtOrBefore(Instant now) {
            long p = period.toMillis();
            return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), p) * p);
        }

        @Override
        public Instant nextAfter(Instant instant) {
            return latestAtOrBefore(instant).plusMillis(period.toMillis());
        }

        @Override
        public String toString() {
            return "every " + period;
        }
    }

    record Cron(CronExpression expression) implements Cadence {
        public Cron {
            Objects.requireNonNull(expression, "expression");
        }

        @Override
        public Instant latestAtOrBefore(Instant now) {
            return expression.latestAtOrBefore(now);
        }

        @Override
        public Instant nextAfter(Instant instant) {
            return expression.nextAfter(instant);
        }

        @Override
        public String toString() {
            return "cron " + expression;
        }
    }

    /** {@code every 30s|5m|1h|1d} or a five-field cron expression. */
    static Cadence parse(String text) {
        String t = text.strip();
        if (t.startsWith("every ")) {
            String amount = t.substring(6).strip();
            if (!amount.matches("\\d+(ms|s|m|h|d)")) {
                throw new IllegalArgumentException("an interval is a number with ms, s, m, h or d, not '" + amount + "'");
            }
            String unit = amount.replaceAll("\\d", "");
            long n = Long.parseLong(amount.substring(0, amount.length() - unit.length()));
            return new Every(switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return new Cron(CronExpression.parse(t));
    }
}
