package dev.mosaic.application.tool;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** {@code current_time}: the date and time now, in UTC or a time zone the model names. */
public final class CurrentTimeTool implements Tool {
    private static final ToolSpec SPEC = new ToolSpec("current_time",
            "The current date and time. Use it whenever the answer depends on today's date or the time of day.",
            """
            {"type":"object","properties":{"timezone":{"type":"string",\
            "description":"An IANA time zone such as Europe/Berlin; UTC when omitted"}},\
            "additionalProperties":false}""");

    private final Clock clock;

    public CurrentTimeTool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolOutput run(ToolInvocation invocation) {
        Object zone = invocation.arguments().getOrDefault("timezone", "UTC");
        ZoneId id;
        try {
            id = ZoneId.of(String.valueOf(zone));
        } catch (DateTimeException e) {
            return ToolOutput.error("unknown time zone '" + zone + "'; use an IANA name such as Europe/Berlin");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(id)).truncatedTo(ChronoUnit.SECONDS);
        return ToolOutput.ok(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " ("
                + now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ", " + id + ")");
    }
}
