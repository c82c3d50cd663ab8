package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.application.port.out.InsightIndexes;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.domain.user.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsightIndexJobsTest {
    private static final VectorSpace ACTIVE = new VectorSpace("bge-small-en-v1.5", 384);
    private static final VectorSpace OLD = new VectorSpace("old-model", 768);

    /** Users' vector counts per space, and the indexes built, by name. */
    private static final class FakeIndexes implements InsightIndexes {
        final Map<String, InsightIndexes.Candidate> users = new LinkedHashMap<>();
        final Map<String, Boolean> built = new LinkedHashMap<>();
        final List<String> log = new ArrayList<>();

        void has(String user, VectorSpace space, long vectors) {
            users.put(name(user, space), new Candidate(name(user, space), new UserId(uuid(user)), space, vectors));
        }

        static String name(String user, VectorSpace space) {
            return user + "/" + space.model();
        }

        static java.util.UUID uuid(String user) {
            return java.util.UUID.nameUUIDFromBytes(user.getBytes());
        }

        @Override
        public List<Present> present() {
            return built.entrySet().stream().map(e -> {
                Candidate c = users.get(e.getKey());
                return new Present(e.getKey(), c.owner(), e.getValue(), c.vectors());
            }).toList();
        }

        @Override
        public List<Candidate> largest(VectorSpace space, long minimum, int limit) {
            return users.values().stream().filter(c -> c.space().equals(space) && c.vectors() >= minimum)
                    .sorted(Comparator.comparingLong(Candidate::vectors).reversed()).limit(limit).toList();
        }

        @Override
        public void create(Candidate candidate) {
            built.put(candidate.name(), true);
            log.add("create " + candidate.name());
        }

        @Override
        public void drop(Present index) {
            built.remove(index.name());
            log.add("drop " + index.name());
        }
    }

    private final FakeIndexes indexes = new FakeIndexes();

    private InsightIndexJobs jobs(long threshold, int max) {
        return new InsightIndexJobs(indexes, () -> ACTIVE, new InsightIndexJobs.Settings(threshold, max));
    }

    @Test
    void usersPastTheThresholdGetAnIndexTheLargestFirstUpToTheMost() {
        indexes.has("small", ACTIVE, 999);
        indexes.has("large", ACTIVE, 5_000);
        indexes.has("larger", ACTIVE, 8_000);
        indexes.has("largest", ACTIVE, 20_000);
        indexes.has("elsewhere", OLD, 50_000);

        InsightIndexJobs.Outcome outcome = jobs(1_000, 2).sweep();

        assertEquals(List.of("largest/bge-small-en-v1.5", "larger/bge-small-en-v1.5"), outcome.created());
        assertEquals(List.of(), jobs(1_000, 2).sweep().created(), "a second sweep changes nothing");
    }

    @Test
    void anIndexStaysUntilItsUserFallsBelowHalfTheThreshold() {
        indexes.has("alice", ACTIVE, 1_000);
        jobs(1_000, 10).sweep();
        indexes.has("alice", ACTIVE, 500);
        assertEquals(List.of(), jobs(1_000, 10).sweep().dropped(), "at half the threshold it stays");
        indexes.has("alice", ACTIVE, 0);
        assertEquals(List.of("alice/bge-small-en-v1.5"), jobs(1_000, 10).sweep().dropped(), "forgot everything");
    }

    @Test
    void anOldModelsIndexGoesWithItsVectorsAndAnUnusableOneIsBuiltAgain() {
        indexes.has("alice", OLD, 3_000);
        indexes.built.put(FakeIndexes.name("alice", OLD), true);
        indexes.has("bob", ACTIVE, 3_000);
        indexes.built.put(FakeIndexes.name("bob", ACTIVE), false);

        InsightIndexJobs.Outcome kept = jobs(1_000, 10).sweep();
        assertEquals(List.of("bob/bge-small-en-v1.5"), kept.dropped(), "its build was cut off");
        assertEquals(List.of("bob/bge-small-en-v1.5"), kept.created());
        assertEquals(List.of("alice/old-model"), kept.kept(), "still searched while Alice's insights are embedded anew");

        indexes.has("alice", OLD, 0);
        assertEquals(List.of("alice/old-model"), jobs(1_000, 10).sweep().dropped());
    }

    @Test
    void noneAtAllDropsEveryIndex() {
        indexes.has("alice", ACTIVE, 3_000);
        jobs(1_000, 10).sweep();
        assertEquals(List.of("alice/bge-small-en-v1.5"), jobs(1_000, 0).sweep().dropped());
        assertThrows(IllegalArgumentException.class, () -> new InsightIndexJobs.Settings(1, 10));
    }
}
