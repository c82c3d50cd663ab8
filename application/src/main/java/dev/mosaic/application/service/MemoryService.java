package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel.EmbeddingException;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.application.view.InsightHit;
import dev.mosaic.application.view.InsightSearch;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightCoverage;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The acting user's memory. Input is checked before anything is embedded or written, and an insight
 * is embedded before its row is written, so a failing model leaves nothing behind.
 *
 * <p>New insights are embedded with the active model. After a change of model, a user's insights
 * are embedded anew in the background ({@link MemoryJobs}); until that is done, a search compares
 * with the vectors {@link InsightCoverage#searchPlan} picks, never with both models' at once.
 */
public final class MemoryService implements ManageMemoryUseCase {
    private static final Logger LOG = Logger.getLogger(MemoryService.class.getName());

    private final Memories memories;
    private final EmbeddingIndex embeddings;
    private final Optional<EmbeddingIndex> previous;
    private final Clock clock;
    private final OwnerChanges changes;
    /**
     * Each user's preferences and how their insights are covered by vectors, read for every message:
     * cached by this instance, and dropped whenever they change, here or on another instance
     * ({@link #changed}), since each write announces itself.
     */
    private final OwnedCache<List<Preference>> preferences = new OwnedCache<>();
    private final OwnedCache<InsightCoverage> coverage = new OwnedCache<>();

    public MemoryService(Memories memories, EmbeddingIndex embeddings, OwnerChanges changes, Clock clock) {
        this(memories, embeddings, Optional.empty(), changes, clock);
    }

    /**
     * @param embeddings the active model, which embeds every new insight
     * @param previous the model used before the active one, when it can still embed a query: searches
     *     use its vectors while they cover more of a user's insights than the active model's do
     * @param changes where every change of a user's memory is announced, to every instance
     */
    public MemoryService(Memories memories, EmbeddingIndex embeddings, Optional<EmbeddingIndex> previous,
            OwnerChanges changes, Clock clock) {
        this.memories = Objects.requireNonNull(memories, "memories");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.previous = Objects.requireNonNull(previous, "previous").filter(p -> !p.space().equals(embeddings.space()));
        this.changes = Objects.requireNonNull(changes, "changes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code owner}'s memory changed, here or on another instance. */
    public void changed(Owner owner) {
        preferences.changed(owner);
        coverage.changed(owner);
    }

    /** Changes may have gone unheard: nothing cached is trusted. */
    public void changesMissed() {
        preferences.forgetAll();
        coverage.forgetAll();
    }

    /** Drops what this instance cached of the actor's memory, then tells the other instances to. */
    private void announce(UserId actor) {
        Owner owner = Owner.of(actor);
        changed(owner);
        changes.publish(owner);
    }

    @Override
    public List<Preference> preferences(UserId actor) {
        return preferences.own(actor, () -> List.copyOf(memories.preferences(actor)));
    }

    @Override
    public Outcome<Preference> preference(UserId actor, String key) {
        Optional<String> problem = Preference.keyProblem(key);
        if (problem.isPresent()) {
            return rejected(Rejection.invalid("key", problem.get()));
        }
        return preferences(actor).stream().filter(p -> p.key().equals(key)).findFirst()
                .<Outcome<Preference>>map(Outcome.Done::new)
                .orElseGet(() -> rejected(Rejection.notFound("preference '" + key + "'")));
    }

    @Override
    public Outcome<Preference> setPreference(UserId actor, String key, String value) {
        Optional<Rejection> problem = Preference.keyProblem(key).map(p -> Rejection.invalid("key", p))
                .or(() -> Preference.valueProblem(value).map(p -> Rejection.invalid("value", p)));
        if (problem.isPresent()) {
            return rejected(problem.get());
        }
        Preference preference = new Preference(key, value.strip(), clock.instant());
        memories.savePreference(actor, preference);
        announce(actor);
        return new Outcome.Done<>(preference);
    }

    @Override
    public Outcome<Void> deletePreference(UserId actor, String key) {
        Optional<String> problem = Preference.keyProblem(key);
        if (problem.isPresent()) {
            return rejected(Rejection.invalid("key", problem.get()));
        }
        if (!memories.deletePreference(actor, key)) {
            return rejected(Rejection.notFound("preference '" + key + "'"));
        }
        announce(actor);
        return new Outcome.Done<>(null);
    }

    @Override
    public Page<Insight> insights(UserId actor, PageRequest page) {
        return memories.insights(actor, page);
    }

    @Override
    public Outcome<Insight> saveInsight(UserId actor, String text, ConversationId conversation, MessageId message) {
        Optional<String> problem = Insight.textProblem(text);
        if (problem.isPresent()) {
            return rejected(Rejection.invalid("text", problem.get()));
        }
        String stripped = text.strip();
        Embedding embedding;
        try {
            embedding = embeddings.embed(stripped, "insight");
        } catch (EmbeddingException e) {
            return rejected(unavailable(e));
        }
        Instant now = clock.instant();
        Insight insight = new Insight(InsightId.random(), stripped, conversation, message, now, now);
        memories.saveInsight(actor, insight, embedding);
        announce(actor);
        return new Outcome.Done<>(insight);
    }

    @Override
    public Outcome<Void> deleteInsight(UserId actor, InsightId id) {
        if (!memories.deleteInsight(actor, id)) {
            return rejected(Rejection.notFound("insight"));
        }
        announce(actor);
        return new Outcome.Done<>(null);
    }

    @Override
    public Outcome<InsightSearch> search(UserId actor, String query, int limit) {
        if (query == null || query.isBlank()) {
            return rejected(Rejection.invalid("q", "say what to search for"));
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            return rejected(Rejection.invalid("q", "a search is at most " + MAX_QUERY_LENGTH + " characters, not "
                    + query.length()));
        }
        if (limit < 1 || limit > MAX_RESULTS) {
            return rejected(Rejection.invalid("limit", "must be from 1 to " + MAX_RESULTS));
        }
        InsightCoverage coverage = this.coverage.own(actor,
                () -> memories.coverage(actor, embeddings.space(), previous.map(EmbeddingIndex::space)));
        if (coverage.insights() == 0) {
            // Nothing to find: the query is not embedded, which spares most messages of most users that cost.
            return new Outcome.Done<>(new InsightSearch(List.of(), embeddings.space().model(), Optional.empty()));
        }
        InsightCoverage.SearchPlan plan = coverage.searchPlan(previous.isPresent());
        Embedding embedding = null;
        if (plan.model() == InsightCoverage.Model.PREVIOUS) {
            try {
                embedding = previous.orElseThrow().embed(query, "search query");
            } catch (EmbeddingException e) {
                // The old model gone (say, its server retired) does not stop search: the new vectors there are serve.
                LOG.warning(() -> "memory: the previous embedding model failed, searching the active one's vectors: "
                        + e.getMessage());
                plan = coverage.searchPlan(false);
            }
        }
        if (embedding == null) {
            try {
                embedding = embeddings.embed(query, "search query");
            } catch (EmbeddingException e) {
                return rejected(unavailable(e));
            }
        }
        Instant now = clock.instant();
        List<InsightHit> hits = memories.nearestInsights(actor, embedding, limit).stream()
                .map(m -> {
                    double similarity = 1 - m.distance();
                    return new InsightHit(m.insight(), similarity, m.insight().relevance(Math.max(0, similarity), now));
                })
                .toList();
        Optional<String> partial = plan.partial() ? Optional.of(plan.searchable() + " of " + plan.insights()
                + " insights could be searched: the others are being embedded with " + embeddings.space().model()
                + " after a change of embedding model") : Optional.empty();
        return new Outcome.Done<>(new InsightSearch(hits, embedding.model(), partial));
    }

    @Override
    public void markUsed(UserId actor, List<InsightId> ids) {
        memories.markUsed(actor, ids, clock.instant());
    }

    @Override
    public ForgottenMemory forgetAll(UserId actor) {
        ForgottenMemory forgotten = memories.forgetAll(actor);
        announce(actor);
        return forgotten;
    }

    private static Rejection unavailable(EmbeddingException e) {
        LOG.warning(() -> "memory: " + e.getMessage());
        return new Rejection(ErrorCode.EMBEDDING_UNAVAILABLE, "the embedding model is unavailable, so memory cannot be"
                + " searched or written now: " + e.getMessage());
    }

    private static <T> Outcome<T> rejected(Rejection why) {
        return new Outcome.Rejected<>(why);
    }
}
