package dev.mosaic.application.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobValuesTest {

    @Test
    void backoffDoublesPerAttemptWithinItsJitter() {
        JobType type = JobType.of("t", "q", PayloadSchema.EMPTY).withBackoff(Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(950), type.backoffAfter(1, 0));
        assertEquals(Duration.ofMillis(2000), type.backoffAfter(2, 0.5));
        assertEquals(Duration.ofMillis(4200), type.backoffAfter(3, 1));
    }

    @Test
    void payloadsAreCheckedAgainstTheirSchema() {
        PayloadSchema schema = new PayloadSchema(Map.of(
                "user", PayloadSchema.Field.required(PayloadSchema.Kind.UUID),
                "limit", PayloadSchema.Field.optional(PayloadSchema.Kind.INTEGER)));
        assertEquals(Optional.empty(), schema.problem(Map.of("user", "2b7f9a1e-3d6c-4f1a-9a57-0c3e8f1d2b44")));
        assertTrue(schema.problem(Map.of()).orElseThrow().contains("'user' is required"));
        assertTrue(schema.problem(Map.of("user", "x")).orElseThrow().contains("is not uuid"));
        assertTrue(schema.problem(Map.of("user", "2b7f9a1e-3d6c-4f1a-9a57-0c3e8f1d2b44", "limit", "1.5")).isPresent());
        assertTrue(schema.problem(Map.of("user", "2b7f9a1e-3d6c-4f1a-9a57-0c3e8f1d2b44", "extra", "1")).orElseThrow()
                .contains("unexpected field 'extra'"));
    }

    @Test
    void intervalTicksCountFromTheEpoch() {
        Cadence every = Cadence.parse("every 5m");
        Instant now = Instant.parse("2026-03-01T10:07:30Z");
        assertEquals(Instant.parse("2026-03-01T10:05:00Z"), every.latestAtOrBefore(now));
        assertEquals(Instant.parse("2026-03-01T10:10:00Z"), every.nextAfter(now));
    }

    @Test
    void cronFindsTheLatestAndNextFiring() {
        Cadence nightly = Cadence.parse("30 3 * * *");
        Instant now = Instant.parse("2026-03-01T02:00:00Z");
        assertEquals(Instant.parse("2026-02-28T03:30:00Z"), nightly.latestAtOrBefore(now));
        assertEquals(Instant.parse("2026-03-01T03:30:00Z"), nightly.nextAfter(now));
        assertEquals(Instant.parse("2026-03-01T03:30:00Z"), nightly.latestAtOrBefore(Instant.parse("2026-03-01T03:30:00Z")));

        Cadence weekdays = Cadence.parse("*/15 9-17 * * 1-5"); // 2026-03-01 is a Sunday
        assertEquals(Instant.parse("2026-03-02T09:00:00Z"), weekdays.nextAfter(now));
        assertEquals(Instant.parse("2026-02-27T17:45:00Z"), weekdays.latestAtOrBefore(now));

        Cadence sundays = Cadence.parse("0 0 * * 7");
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), sundays.latestAtOrBefore(now));
    }

    @Test
    void badCadencesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("* * *")).getMessage()
                .contains("five fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("61 * * * *")).getMessage()
                .contains("minute is 0 to 59"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cadence.parse("every 5 minutes")).getMessage()
                .contains("interval"));
    }
}
