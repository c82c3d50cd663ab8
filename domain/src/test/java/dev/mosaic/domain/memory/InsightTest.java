package dev.mosaic.domain.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InsightTest {
    private static final Instant USED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);
    private final Insight insight = new Insight(InsightId.random(), "prefers tabs", null, null, USED, USED);

    @Test
    void itsWeightHalvesEveryHalfLifeUnused() {
        assertEquals(1, insight.weight(USED), 1e-12);
        assertEquals(0.5, insight.weight(USED.plus(Insight.HALF_LIFE)), 1e-12);
        assertEquals(0.25, insight.weight(USED.plus(Insight.HALF_LIFE.multipliedBy(2))), 1e-12);
        assertEquals(0.4, insight.relevance(0.8, USED.plus(Insight.HALF_LIFE)), 1e-12);
    }

    @Test
    void itIsRetiredOnceUnusedForTheWholePeriodAndNotASecondBefore() {
        assertFalse(insight.isRetired(USED.plus(YEAR).minusSeconds(1), YEAR));
        assertTrue(insight.isRetired(USED.plus(YEAR), YEAR));
        assertTrue(insight.isRetired(USED.plus(YEAR).plusSeconds(1), YEAR));
        assertEquals(USED, Insight.lastUseOfRetired(USED.plus(YEAR), YEAR));
    }

    @Test
    void aRetiredInsightsWeightIsAtTheFloorTheHalfLifeSetsOrBelow() {
        double floor = Math.pow(0.5, (double) YEAR.toSeconds() / Insight.HALF_LIFE.toSeconds());
        Instant retired = USED.plus(YEAR);
        assertTrue(insight.isRetired(retired, YEAR));
        assertEquals(floor, insight.weight(retired), 1e-12);
        assertTrue(insight.weight(retired.minusSeconds(1)) > floor);
    }

    @Test
    void aPeriodThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> insight.isRetired(USED, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> insight.isRetired(USED, Duration.ofDays(-1)));
    }
}
