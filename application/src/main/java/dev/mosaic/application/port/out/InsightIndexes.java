package dev.mosaic.application.port.out;

import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Objects;

/**
 * Approximate-search indexes of one user's insight vectors of one model (docs/adr/0018): searches
 * of a user with many insights go through the user's own index instead of the index every user's
 * vectors of the model share. Building and dropping them is the database owner's work, across users;
 * nothing here reads an insight.
 */
public interface InsightIndexes {

    /** The most dimensions an index can have (pgvector's HNSW on {@code vector}). */
    int MAX_DIMENSIONS = 2_000;

    /**
     * A user's index as it is.
     *
     * @param usable false when its build failed or was cut off: it serves no search and is built again
     * @param vectors how many of the user's insight vectors it holds now
     */
    record Present(String name, UserId owner, boolean usable, long vectors) {
        public Present {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** A user with many insight vectors of a space, and the name their index has or would have. */
    record Candidate(String name, UserId owner, VectorSpace space, long vectors) {
        public Candidate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(space, "space");
        }
    }

    /** Every user's index there is, usable or not. */
    List<Present> present();

    /** The users with at least {@code minimum} insight vectors of the space, most first. */
    List<Candidate> largest(VectorSpace space, long minimum, int limit);

    /** Builds the user's index without holding up writes; one already there and usable is kept. */
    void create(Candidate candidate);

    /** Drops the index without holding up searches; one already gone is no error. */
    void drop(Present index);
}
