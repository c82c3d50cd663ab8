package dev.mosaic.domain.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.domain.memory.InsightCoverage.Model;
import dev.mosaic.domain.memory.InsightCoverage.SearchPlan;
import org.junit.jupiter.api.Test;

class InsightCoverageTest {

    @Test
    void aCompleteSetOfTheActiveModelIsSearchedWhateverElseExists() {
        InsightCoverage complete = new InsightCoverage(10, 10, 10);
        assertTrue(complete.complete());
        assertEquals(new SearchPlan(Model.ACTIVE, 10, 10), complete.searchPlan(true));
        assertFalse(complete.searchPlan(true).partial());
        assertEquals(new SearchPlan(Model.ACTIVE, 0, 0), new InsightCoverage(0, 0, 0).searchPlan(true));
    }

    @Test
    void duringTheChangeThePreviousModelsVectorsAreSearchedWhileTheyCoverMore() {
        assertEquals(new SearchPlan(Model.PREVIOUS, 10, 10), new InsightCoverage(10, 3, 10).searchPlan(true));
        // One insight saved since the change has only the active model's vector.
        SearchPlan withNew = new InsightCoverage(11, 4, 10).searchPlan(true);
        assertEquals(Model.PREVIOUS, withNew.model());
        assertTrue(withNew.partial());
        // Once the new vectors cover as many, the active model's are searched.
        assertEquals(Model.ACTIVE, new InsightCoverage(11, 10, 10).searchPlan(true).model());
    }

    @Test
    void withoutThePreviousModelTheActiveVectorsThatExistAreSearchedAndThatIsPartial() {
        SearchPlan plan = new InsightCoverage(10, 3, 10).searchPlan(false);
        assertEquals(new SearchPlan(Model.ACTIVE, 3, 10), plan);
        assertTrue(plan.partial());
        assertFalse(new InsightCoverage(10, 3, 10).complete());
    }

    @Test
    void countsBeyondTheInsightsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InsightCoverage(2, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new InsightCoverage(2, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new InsightCoverage(-1, 0, 0));
    }
}
