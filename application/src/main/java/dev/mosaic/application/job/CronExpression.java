package dev.mosaic.application.job;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week with 0 or 7 for
 * Sunday), read in UTC. Fields take {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} or
 * {@code a-b/n}, and lists of these. As in cron, when both day fields are restricted a day matching
 * either one fires.
 */
public final class CronExpression {
    /** Any expression that fires at all fires within eight years (29 February with a weekday comes round that slowly). */
    private static final long SEARCH_DAYS = 8 * 366;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysRestricted;
    private final boolean weekdaysRestricted;

    private CronExpression(String text, String[] f) {
        this.text = text;
        minutes = field(f[0], 0, 59, "minute");
        hours = field(f[1], 0, 23, "hour");
        days = field(f[2], 1, 31, "day of month");
        months = field(f[3], 1, 12, "month");
        weekdays = field(f[4], 0, 7, "day of week");
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        daysRestricted = !f[2].equals("*");
        weekdaysRestricted = !f[4].equals("*");
    }

    public static CronExpression parse(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron expression has five fields (minute hour day month weekday), not '"
                    + text + "'");
        }
        return new CronExpression(text.strip(), fields);
    }

    private static BitSet field(String spec, int min, int max, String name) {
        BitSet set = new BitSet(max + 1);
        for (String part : spec.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, name);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, name);
                to = number(ends[1], min, max, name);
                if (from > to) {
                    throw new IllegalArgumentException("the " + name + " range " + range + " runs backwards");
                }
            } else {
                from = number(range, min, max, name);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String name) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("a " + name + " is " + min + " to " + max + ", not '" + text + "'");
    }

    private boolean dayMatches(LocalDateTime t) {
        if (!months.get(t.getMonthValue())) {
            return false;
        }
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (daysRestricted && weekdaysRestricted) {
            return day || weekday;
        }
        return day && weekday;
    }

    private boolean matches(LocalDateTime t) {
        return dayMatches(t) && hours.get(t.getHour()) && minutes.get(t.getMinute());
    }

    /** The latest firing at or before {@code now}. */
    public Instant latestAtOrBefore(Instant now) {
        LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime limit = t.minusDays(SEARCH_DAYS);
        while (t.isAfter(limit)) {
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).minusMinutes(1); // the day's last minute before it
            } else if (matches(t)) {
                return t.toInstant(ZoneOffset.UTC);
            } else {
                t = t.minusMinutes(1);
            }
        }
        throw new IllegalStateException("'" + text + "' never fires");
    }

    /** The first firing after {@code instant}. */
    public Instant nextAfter(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusDays(SEARCH_DAYS);
        while (t.isBefore(limit)) {
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (matches(t)) {
                return t.toInstant(ZoneOffset.UTC);
            } else {
                t = t.plusMinutes(1);
            }
        }
        throw new IllegalStateException("'" + text + "' never fires");
    }

    @Override
    public String toString() {
        return text;
    }
}
