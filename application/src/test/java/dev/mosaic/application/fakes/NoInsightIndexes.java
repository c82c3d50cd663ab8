package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.InsightIndexes;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import java.util.List;

/** Users' own insight indexes for a store that has none: finds no user, builds and drops nothing. */
public final class NoInsightIndexes implements InsightIndexes {

    @Override
    public List<Present> present() {
        return List.of();
    }

    @Override
    public List<Candidate> largest(VectorSpace space, long minimum, int limit) {
        return List.of();
    }

    @Override
    public void create(Candidate candidate) {
    }

    @Override
    public void drop(Present index) {
    }
}
