package dev.mosaic.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.application.view.SearchQuery;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchQueryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lisbon trip              | lisbon trip           | ''",
        "'\"road trip\" -flight'  | '\"road trip\" -flight' | ''",
        "lisb*                    | ''                    | lisb",
        "trip to Lisb* por*       | trip to               | lisb,por",
        "  spaces    between  x*  | spaces between        | x",
        "a * b                    | a b                   | ''",
    })
    void wordsEndingInAStarBecomePrefixes(String raw, String text, String prefixes) {
        SearchQuery query = SearchQuery.parse(raw);
        assertEquals(text, query.text());
        assertEquals(prefixes.isEmpty() ? List.of() : List.of(prefixes.split(",")), query.prefixes());
    }

    @ParameterizedTest
    @CsvSource({"''", "'   '", "'* *'"})
    void aQueryWithNothingToLookForIsRefused(String raw) {
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.parse(raw));
    }
}
