package dev.mosaic.application.view;

import dev.mosaic.domain.memory.Insight;
import java.util.Objects;

/**
 * An insight found by meaning.
 *
 * @param similarity cosine similarity to the query, from -1 to 1
 * @param relevance the similarity (from 0) decayed by how long the insight has gone unused
 */
public record InsightHit(Insight insight, double similarity, double relevance) {
    public InsightHit {
        Objects.requireNonNull(insight, "insight");
    }
}
