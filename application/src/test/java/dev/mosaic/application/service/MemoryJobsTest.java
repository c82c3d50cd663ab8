package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.mosaic.application.service.MemoryServiceTest.done;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.fakes.InMemoryMemories;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.fakes.WordEmbeddingModel;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.application.view.InsightSearch;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightCoverage;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Re-embedding after a change of model, and the decay of unused insights, with fakes. */
class MemoryJobsTest {
    private static final Duration YEAR = Duration.ofDays(365);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final InMemoryMemories memories = new InMemoryMemories();
    private final WordEmbeddingModel before = new WordEmbeddingModel("words-v1");
    private final FlakyModel after = new FlakyModel(new WordEmbeddingModel("words-v2"));
    private final EmbeddingIndex oldIndex = new EmbeddingIndex(before, new InMemoryEmbeddingVectors(), clock);
    private final EmbeddingIndex newIndex = new EmbeddingIndex(after, new InMemoryEmbeddingVectors(), clock);
    private final VectorSpace oldSpace = VectorSpace.of(before);
    private final VectorSpace newSpace = VectorSpace.of(after);
    /** Every instance's memory services hear what the jobs change. */
    private final LocalOwnerChanges changes = new LocalOwnerChanges();
    private final MemoryJobs jobs = new MemoryJobs(memories, newIndex, YEAR, 2, changes, clock);
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();

    /** The active model, which fails on the calls the test says. */
    private static final class FlakyModel implements EmbeddingModel {
        private final EmbeddingModel model;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile int failingCall = -1;
        /** Runs during the second call, as a user's request would while the job waits for the model. */
        private volatile Runnable duringSecondCall = () -> { };

        FlakyModel(EmbeddingModel model) {
            this.model = model;
        }

        @Override
        public String model() {
            return model.model();
        }

        @Override
        public int dimensions() {
            return model.dimensions();
        }

        @Override
        public List<Embedding> embed(List<String> texts) {
            int call = calls.incrementAndGet();
            if (call == 2) {
                duringSecondCall.run();
            }
            if (call == failingCall) {
                throw new EmbeddingException("the embedding service went away", null);
            }
            return model.embed(texts);
        }
    }

    @Test
    void theSweepEnqueuesOneJobPerUserWhoseInsightsLackTheActiveModelOnceForTheSameChange() {
        save(alice, oldIndex, "Alice keeps three cats", "Alice deploys with Kubernetes");
        save(bob, oldIndex, "Bob rides a bicycle to work");
        UserId carol = UserId.random();
        save(carol, newIndex, "Carol learns Portuguese");

        List<JobRequest> first = new ArrayList<>();
        assertEquals(2, jobs.sweep(first::add));
        List<JobRequest> second = new ArrayList<>();
        jobs.sweep(second::add);

        assertEquals(List.of(Optional.of(alice), Optional.of(bob)).stream().sorted(
                (a, b) -> a.orElseThrow().value().compareTo(b.orElseThrow().value())).toList(),
                first.stream().map(JobRequest::user).toList());
        assertTrue(first.stream().allMatch(r -> r.type().equals("reembed") && r.payload().get("model").equals("words-v2")
                && r.payload().get("dimensions").equals(Integer.toString(WordEmbeddingModel.DIMENSIONS))));
        assertEquals(first.stream().map(JobRequest::idempotencyKey).toList(),
                second.stream().map(JobRequest::idempotencyKey).toList(), "a second sweep meets the first's jobs");
        assertTrue(first.stream().allMatch(r -> r.payload().get("user").equals(r.user().orElseThrow().toString())));
    }

    @Test
    void theSweepPagesThroughEveryUser() {
        for (int i = 0; i <= MemoryJobs.SWEEP_BATCH; i++) {
            save(UserId.random(), oldIndex, "a fact");
        }
        List<JobRequest> enqueued = new ArrayList<>();
        assertEquals(MemoryJobs.SWEEP_BATCH + 1, jobs.sweep(enqueued::add));
        assertEquals(MemoryJobs.SWEEP_BATCH + 1, enqueued.stream().map(JobRequest::user).distinct().count());
    }

    @Test
    void aUsersInsightsAreEmbeddedInBatchesAndTheOldVectorsGoOnlyOnceAllAreDone() throws Exception {
        save(alice, oldIndex, "one fact", "two facts", "three facts", "four facts", "five facts");
        save(bob, oldIndex, "Bob's fact");

        jobs.reembed(job(alice));

        assertEquals(new InsightCoverage(5, 5, 0), memories.coverage(alice, newSpace, Optional.of(oldSpace)));
        assertEquals(3, after.calls.get(), "five insights in batches of two");
        assertEquals(new InsightCoverage(1, 0, 1), memories.coverage(bob, newSpace, Optional.of(oldSpace)),
                "another user's insights are theirs to re-embed");
    }

    @Test
    void aModelFailingMidWayLeavesNoHalfWrittenBatchKeepsTheOldVectorsAndTheRetryGoesOn() throws Exception {
        save(alice, oldIndex, "one fact", "two facts", "three facts", "four facts", "five facts");
        after.failingCall = 2;

        assertThrows(EmbeddingModel.EmbeddingException.class, () -> jobs.reembed(job(alice)));
        assertEquals(new InsightCoverage(5, 2, 5), memories.coverage(alice, newSpace, Optional.of(oldSpace)),
                "the first batch is kept whole, nothing of the second, and the old vectors stay");

        jobs.reembed(job(alice));
        assertEquals(new InsightCoverage(5, 5, 0), memories.coverage(alice, newSpace, Optional.of(oldSpace)));
    }

    @Test
    void forgettingEverythingDuringTheJobLeavesNothingBehind() throws Exception {
        save(alice, oldIndex, "one fact", "two facts", "three facts", "four facts", "five facts");
        after.duringSecondCall = () -> memories.forgetAll(alice);

        jobs.reembed(job(alice));

        assertEquals(new InsightCoverage(0, 0, 0), memories.coverage(alice, newSpace, Optional.of(oldSpace)));
        assertEquals(List.of(), memories.lackingVectors(newSpace, Optional.empty(), 10));
        assertEquals(2, after.calls.get(), "the job stops once there is nothing left to embed");
    }

    @Test
    void searchUsesTheOldVectorsWithThePreviousModelUntilTheNewSetIsCompleteThenTheNewOnes() throws Exception {
        save(alice, oldIndex, "Alice keeps three cats", "Alice deploys services with Kubernetes", "Alice likes tea");
        MemoryService withPrevious = new MemoryService(memories, newIndex, Optional.of(oldIndex), changes, clock);
        MemoryService withoutPrevious = new MemoryService(memories, newIndex, changes, clock);
        changes.subscribe(withPrevious::changed, withPrevious::changesMissed);
        changes.subscribe(withoutPrevious::changed, withoutPrevious::changesMissed);

        InsightSearch duringChange = done(withPrevious.search(alice, "how many cats does she keep", 3));
        assertEquals("words-v1", duringChange.model());
        assertEquals("Alice keeps three cats", duringChange.hits().getFirst().insight().text());
        assertEquals(Optional.empty(), duringChange.partial());

        InsightSearch partial = done(withoutPrevious.search(alice, "how many cats does she keep", 3));
        assertEquals("words-v2", partial.model());
        assertEquals(List.of(), partial.hits(), "no insight has a vector of the new model yet");
        assertTrue(partial.partial().orElseThrow().startsWith("0 of 3 insights"), partial.partial()::toString);

        before.down(true);
        InsightSearch previousDown = done(withPrevious.search(alice, "how many cats does she keep", 3));
        assertEquals("words-v2", previousDown.model(), "the previous model failing falls back to the new vectors");
        assertTrue(previousDown.partial().isPresent());
        before.down(false);

        jobs.reembed(job(alice));
        assertTrue(changes.published().contains(Owner.of(alice)), "the job announces each batch it embeds");

        for (MemoryService memory : List.of(withPrevious, withoutPrevious)) {
            InsightSearch done = done(memory.search(alice, "how many cats does she keep", 3));
            assertEquals("words-v2", done.model());
            assertEquals("Alice keeps three cats", done.hits().getFirst().insight().text());
            assertEquals(Optional.empty(), done.partial());
        }
    }

    @Test
    void aJobForAModelThatIsNoLongerActiveChangesNothing() throws Exception {
        save(alice, oldIndex, "one fact");
        JobRequest stale = JobRequest.of("reembed", java.util.Map.of("user", alice.toString(), "model", "words-v0",
                "dimensions", "64")).actingFor(alice);

        jobs.reembed(asJob(stale));

        assertEquals(new InsightCoverage(1, 0, 1), memories.coverage(alice, newSpace, Optional.of(oldSpace)));
        assertEquals(0, after.calls.get());
    }

    @Test
    void decayRetiresTheInsightsUnusedForThePeriodOfEveryUserAndKeepsTheRest() {
        save(alice, newIndex, "an old fact of Alice's");
        save(bob, newIndex, "an old fact of Bob's");
        clock.advance(Duration.ofDays(200));
        save(alice, newIndex, "a newer fact of Alice's");
        Insight used = memories.insights(bob, new PageRequest(1, 10)).items().getFirst();
        clock.advance(Duration.ofDays(165));
        memories.markUsed(bob, List.of(used.id()), clock.instant().minusSeconds(1));

        assertEquals(1, jobs.decay(), "365 days after the first facts, Alice's old one is retired");
        assertEquals(List.of("a newer fact of Alice's"), texts(alice));
        assertEquals(List.of("an old fact of Bob's"), texts(bob), "Bob used his a second ago");

        clock.advance(Duration.ofDays(200));
        assertEquals(1, jobs.decay());
        assertEquals(List.of(), texts(alice));
        assertEquals(List.of("an old fact of Bob's"), texts(bob));
        clock.advance(Duration.ofDays(200));
        assertEquals(1, jobs.decay());
        assertEquals(List.of(), texts(bob));
        assertEquals(0, jobs.decay());
    }

    @Test
    void aPeriodOrBatchThatCannotWorkIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryJobs(memories, newIndex, Duration.ZERO, 2, new LocalOwnerChanges(), clock));
        assertThrows(IllegalArgumentException.class, () -> new MemoryJobs(memories, newIndex, YEAR, 0, new LocalOwnerChanges(), clock));
    }

    private void save(UserId user, EmbeddingIndex index, String... texts) {
        MemoryService memory = new MemoryService(memories, index, new LocalOwnerChanges(), clock);
        for (String text : texts) {
            done(memory.saveInsight(user, text, null, null));
        }
    }

    private List<String> texts(UserId user) {
        return memories.insights(user, new PageRequest(1, 50)).items().stream().map(Insight::text).toList();
    }

    private Job job(UserId user) {
        List<JobRequest> requests = new ArrayList<>();
        jobs.sweep(requests::add);
        return asJob(requests.stream().filter(r -> r.user().equals(Optional.of(user))).findFirst().orElseThrow());
    }

    private static Job asJob(JobRequest request) {
        return new Job(JobId.random(), request.type(), MemoryJobs.QUEUE, request.payload(), request.priority(),
                JobState.ACTIVE, 1, 6, Instant.now(), Instant.now(), null, request.idempotencyKey(), request.user(), List.of());
    }
}
