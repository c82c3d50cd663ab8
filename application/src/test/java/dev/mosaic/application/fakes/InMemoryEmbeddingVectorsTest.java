package dev.mosaic.application.fakes;

import dev.mosaic.application.contract.EmbeddingVectorsContract;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import dev.mosaic.domain.user.UserId;

/** The fake passes the same contract as the PostgreSQL adapter, so tests of the core can trust it. */
class InMemoryEmbeddingVectorsTest extends EmbeddingVectorsContract {
    private final InMemoryEmbeddingVectors store = new InMemoryEmbeddingVectors();

    @Override
    protected EmbeddingVectors vectors() {
        return store;
    }

    @Override
    protected UserId newUser() {
        return UserId.random();
    }
}
