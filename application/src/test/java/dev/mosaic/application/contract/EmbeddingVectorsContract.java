package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Match;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Subject;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link EmbeddingVectors} must do. */
public abstract class EmbeddingVectorsContract {
    private static final String MODEL = "test-model";
    private static final String OTHER_MODEL = "other-model";
    /** Distances are computed in single precision by some stores. */
    private static final double TOLERANCE = 1e-5;

    protected abstract EmbeddingVectors vectors();

    /** A user that exists in the store's world, with no vectors yet. */
    protected abstract UserId newUser();

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static Embedding vector(String model, float... values) {
        return new Embedding(model, values);
    }

    private static Subject message(String id) {
        return new Subject("message", id);
    }

    private void store(UserId user, Subject subject, Embedding embedding) {
        vectors().store(user, subject, embedding, t0);
    }

    private static void assertMatches(List<Match> expected, List<Match> actual) {
        assertEquals(expected.stream().map(Match::subject).toList(), actual.stream().map(Match::subject).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).distance(), actual.get(i).distance(), TOLERANCE, "distance of " + expected.get(i));
        }
    }

    private static double cosineDistance(double ax, double ay, double bx, double by) {
        return 1 - (ax * bx + ay * by) / Math.sqrt((ax * ax + ay * ay) * (bx * bx + by * by));
    }

    @Test
    void theNearestByAngleComeFirstWhateverTheirLength() {
        UserId alice = newUser();
        Subject shortAndAligned = message("short-and-aligned");
        Subject longAndAskew = message("long-and-askew");
        Subject orthogonal = message("orthogonal");
        Subject opposite = message("opposite");
        // Nearer to the query than shortAndAligned by Euclidean distance, farther by angle.
        store(alice, longAndAskew, vector(MODEL, 1f, 0.6f, 0f));
        store(alice, opposite, vector(MODEL, -1f, 0f, 0f));
        store(alice, shortAndAligned, vector(MODEL, 0.2f, 0.05f, 0f));
        store(alice, orthogonal, vector(MODEL, 0f, 3f, 0f));
        Embedding query = vector(MODEL, 1f, 0f, 0f);

        List<Match> expected = List.of(
                new Match(shortAndAligned, cosineDistance(1, 0, 0.2f, 0.05f)),
                new Match(longAndAskew, cosineDistance(1, 0, 1, 0.6f)),
                new Match(orthogonal, 1),
                new Match(opposite, 2));
        assertMatches(expected, vectors().nearest(alice, query, 10));
        assertMatches(expected.subList(0, 2), vectors().nearest(alice, query, 2));
    }

    @Test
    void equallyNearVectorsAreOrderedBySubjectKindThenId() {
        UserId alice = newUser();
        Subject secondMessage = message("m2");
        Subject firstMessage = message("m1");
        Subject insight = new Subject("insight", "i9");
        for (Subject subject : List.of(secondMessage, firstMessage, insight)) {
            store(alice, subject, vector(MODEL, 0f, 1f));
        }

        assertMatches(List.of(new Match(insight, 1), new Match(firstMessage, 1), new Match(secondMessage, 1)),
                vectors().nearest(alice, vector(MODEL, 1f, 0f), 3));
    }

    @Test
    void storingASubjectAgainWithTheSameModelReplacesItsVector() {
        UserId alice = newUser();
        Subject subject = message("edited");
        store(alice, subject, vector(MODEL, 1f, 0f, 0f));
        store(alice, subject, vector(MODEL, 0f, 1f, 0f));

        assertMatches(List.of(new Match(subject, 0)), vectors().nearest(alice, vector(MODEL, 0f, 1f, 0f), 10));
        assertMatches(List.of(new Match(subject, 1)), vectors().nearest(alice, vector(MODEL, 1f, 0f, 0f), 10));
    }

    @Test
    void aSubjectKeepsOneVectorPerModelAndDeletingItRemovesThemAll() {
        UserId alice = newUser();
        Subject subject = message("embedded-twice");
        store(alice, subject, vector(MODEL, 1f, 0f, 0f));
        store(alice, subject, vector(OTHER_MODEL, 0f, 1f, 0f));

        assertMatches(List.of(new Match(subject, 0)), vectors().nearest(alice, vector(MODEL, 1f, 0f, 0f), 10));
        assertMatches(List.of(new Match(subject, 1)), vectors().nearest(alice, vector(OTHER_MODEL, 1f, 0f, 0f), 10));

        assertEquals(2, vectors().delete(alice, subject));
        assertEquals(List.of(), vectors().nearest(alice, vector(MODEL, 1f, 0f, 0f), 10));
        assertEquals(List.of(), vectors().nearest(alice, vector(OTHER_MODEL, 1f, 0f, 0f), 10));
    }

    @Test
    void aQueryMeetsOnlyVectorsOfItsOwnModelAndSize() {
        UserId alice = newUser();
        Subject small = message("three-dimensional");
        Subject large = message("four-dimensional");
        store(alice, small, vector(MODEL, 1f, 0f, 0f));
        store(alice, large, vector(MODEL, 1f, 0f, 0f, 0f));

        assertEquals(List.of(), vectors().nearest(alice, vector(OTHER_MODEL, 1f, 0f, 0f), 10),
                "same size, same numbers, another model: not comparable");
        assertMatches(List.of(new Match(small, 0)), vectors().nearest(alice, vector(MODEL, 1f, 0f, 0f), 10));
        assertMatches(List.of(new Match(large, 0)), vectors().nearest(alice, vector(MODEL, 1f, 0f, 0f, 0f), 10));
        assertEquals(List.of(), vectors().nearest(alice, vector(MODEL, 1f, 0f), 10));
    }

    @Test
    void deletingRemovesOneSubjectsVectorsOnly() {
        UserId alice = newUser();
        Subject gone = message("gone");
        Subject kept = message("kept");
        store(alice, gone, vector(MODEL, 1f, 0f));
        store(alice, kept, vector(MODEL, 1f, 0f));

        assertEquals(1, vectors().delete(alice, gone));
        assertEquals(0, vectors().delete(alice, gone), "already gone");
        assertMatches(List.of(new Match(kept, 0)), vectors().nearest(alice, vector(MODEL, 1f, 0f), 10));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        UserId alice = newUser();
        assertThrows(IllegalArgumentException.class, () -> vectors().nearest(alice, vector(MODEL, 1f), 0));
    }

    @Test
    void nobodyFindsReplacesOrDeletesAnotherUsersVectors() {
        UserId alice = newUser();
        UserId bob = newUser();
        Subject subject = message("shared-id");
        store(alice, subject, vector(MODEL, 1f, 0f));
        Embedding query = vector(MODEL, 1f, 0f);

        assertEquals(List.of(), vectors().nearest(bob, query, 10));
        assertEquals(0, vectors().delete(bob, subject));
        store(bob, subject, vector(MODEL, 0f, 1f));

        assertMatches(List.of(new Match(subject, 0)), vectors().nearest(alice, query, 10));
        assertMatches(List.of(new Match(subject, 1)), vectors().nearest(bob, query, 10));
    }
}
