package dev.mosaic.adapters.out.postgres;

import com.pgvector.PGvector;
import dev.mosaic.adapters.out.postgres.EmbeddingMapper.EmbeddingRow;
import dev.mosaic.adapters.out.postgres.MemoryMapper.InsightRow;
import dev.mosaic.adapters.out.postgres.MemoryMapper.MatchRow;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightCoverage;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Preferences and insights in PostgreSQL, an insight's vectors in the embeddings table under the
 * kind {@code insight}; row-level security confines every statement to the acting user.
 */
final class MyBatisMemories implements Memories {
    static final String INSIGHT_KIND = "insight";

    private final SqlSessionFactory sessions;

    MyBatisMemories(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<Preference> preferences(UserId actor) {
        return UserScope.inTransaction(sessions, actor, s -> s.getMapper(MemoryMapper.class).preferences(actor.value()))
                .stream().map(r -> new Preference(r.key(), r.value(), r.updatedAt())).toList();
    }

    @Override
    public void savePreference(UserId actor, Preference preference) {
        UserScope.inTransaction(sessions, actor, s -> s.getMapper(MemoryMapper.class)
                .savePreference(actor.value(), preference.key(), preference.value(), preference.updatedAt()));
    }

    @Override
    public boolean deletePreference(UserId actor, String key) {
        return UserScope.inTransaction(sessions, actor,
                s -> s.getMapper(MemoryMapper.class).deletePreference(actor.value(), key)) > 0;
    }

    @Override
    public void saveInsight(UserId actor, Insight insight, Embedding embedding) {
        PGvector vector = MyBatisEmbeddingVectors.vector(embedding);
        UserScope.inTransaction(sessions, actor, s -> {
            s.getMapper(MemoryMapper.class).saveInsight(actor.value(), insight.id().value(), insight.text(),
                    insight.conversation() == null ? null : insight.conversation().value(),
                    insight.message() == null ? null : insight.message().value(), insight.createdAt(),
                    insight.lastUsedAt());
            return s.getMapper(EmbeddingMapper.class).store(new EmbeddingRow(UUID.randomUUID(), actor.value(),
                    INSIGHT_KIND, insight.id().toString(), embedding.model(), embedding.dimensions(), vector,
                    insight.createdAt()));
        });
    }

    @Override
    public Page<Insight> insights(UserId actor, PageRequest page) {
        return UserScope.inTransaction(sessions, actor, s -> {
            MemoryMapper mapper = s.getMapper(MemoryMapper.class);
            List<Insight> items = mapper.insights(actor.value(), page.size(), page.offset()).stream()
                    .map(MyBatisMemories::insight).toList();
            return new Page<>(items, page, mapper.countInsights(actor.value()));
        });
    }

    @Override
    public Optional<Insight> insight(UserId actor, InsightId id) {
        return Optional.ofNullable(UserScope.inTransaction(sessions, actor,
                s -> s.getMapper(MemoryMapper.class).insight(actor.value(), id.value()))).map(MyBatisMemories::insight);
    }

    @Override
    public boolean deleteInsight(UserId actor, InsightId id) {
        return UserScope.inTransaction(sessions, actor, s -> {
            MemoryMapper mapper = s.getMapper(MemoryMapper.class);
            int deleted = mapper.deleteInsight(actor.value(), id.value());
            mapper.deleteInsightVectors(actor.value(), id.toString());
            return deleted;
        }) > 0;
    }

    @Override
    public List<Match> nearestInsights(UserId actor, Embedding query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        PGvector vector = MyBatisEmbeddingVectors.vector(query);
        return UserScope.searching(sessions, actor, s -> s.getMapper(MemoryMapper.class)
                .nearest(actor.value(), query.model(), query.dimensions(), vector, limit)).stream().map(MyBatisMemories::match).toList();
    }

    @Override
    public void markUsed(UserId actor, Collection<InsightId> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        List<UUID> values = ids.stream().map(InsightId::value).toList();
        UserScope.inTransaction(sessions, actor, s -> s.getMapper(MemoryMapper.class).markUsed(actor.value(), values, at));
    }

    @Override
    public ForgottenMemory forgetAll(UserId actor) {
        return UserScope.inTransaction(sessions, actor, s -> {
            MemoryMapper mapper = s.getMapper(MemoryMapper.class);
            int insights = mapper.forgetInsights(actor.value());
            mapper.forgetVectors(actor.value());
            return new ForgottenMemory(insights, mapper.forgetPreferences(actor.value()));
        });
    }

    @Override
    public InsightCoverage coverage(UserId actor, VectorSpace active, Optional<VectorSpace> previous) {
        MemoryMapper.CoverageRow r = UserScope.inTransaction(sessions, actor, s -> s.getMapper(MemoryMapper.class)
                .coverage(actor.value(), active.model(), active.dimensions(), previous.map(VectorSpace::model).orElse(null),
                        previous.map(VectorSpace::dimensions).orElse(null)));
        // Counted apart, in one snapshot: a vector is never without its insight, the bound only guards the rule.
        return new InsightCoverage(r.insights(), Math.min(r.active(), r.insights()), Math.min(r.previous(), r.insights()));
    }

    @Override
    public List<Lacking> lackingVectors(VectorSpace space, Optional<UserId> after, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(MemoryMapper.class).lacking(space.model(), space.dimensions(),
                            after.map(UserId::value).orElse(null), limit).stream()
                    .map(r -> new Lacking(new UserId(r.userId()), r.lacking(),
                            r.newestOther() == null ? Instant.EPOCH : r.newestOther()))
                    .toList();
        }
    }

    @Override
    public List<Insight> withoutVector(UserId actor, VectorSpace space, int limit) {
        return UserScope.inTransaction(sessions, actor, s -> s.getMapper(MemoryMapper.class)
                .withoutVector(actor.value(), space.model(), space.dimensions(), limit))
                .stream().map(MyBatisMemories::insight).toList();
    }

    @Override
    public int storeVectors(UserId actor, Map<InsightId, Embedding> vectors, Instant createdAt) {
        if (vectors.isEmpty()) {
            return 0;
        }
        Map<UUID, EmbeddingRow> rows = new LinkedHashMap<>();
        vectors.forEach((id, embedding) -> rows.put(id.value(), new EmbeddingRow(UUID.randomUUID(), actor.value(),
                INSIGHT_KIND, id.toString(), embedding.model(), embedding.dimensions(),
                MyBatisEmbeddingVectors.vector(embedding), createdAt)));
        return UserScope.inTransaction(sessions, actor, s -> {
            List<UUID> existing = s.getMapper(MemoryMapper.class).lockInsights(actor.value(), List.copyOf(rows.keySet()));
            EmbeddingMapper mapper = s.getMapper(EmbeddingMapper.class);
            existing.forEach(id -> mapper.store(rows.get(id)));
            return existing.size();
        });
    }

    @Override
    public int deleteOtherVectors(UserId actor, VectorSpace kept) {
        return UserScope.inTransaction(sessions, actor, s -> s.getMapper(MemoryMapper.class)
                .deleteOtherVectors(actor.value(), kept.model(), kept.dimensions()));
    }

    @Override
    public List<UserId> withInsightsUnusedSince(Instant lastUse, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(MemoryMapper.class).unusedSince(lastUse, limit).stream().map(UserId::new).toList();
        }
    }

    @Override
    public int retireUnusedSince(UserId actor, Instant lastUse) {
        return UserScope.inTransaction(sessions, actor, s -> {
            MemoryMapper mapper = s.getMapper(MemoryMapper.class);
            int retired = mapper.retireInsights(actor.value(), lastUse);
            mapper.deleteOrphanVectors(actor.value());
            return retired;
        });
    }

    private static Insight insight(InsightRow r) {
        return new Insight(new InsightId(r.id()), r.text(),
                r.conversationId() == null ? null : new ConversationId(r.conversationId()),
                r.messageId() == null ? null : new MessageId(r.messageId()), r.createdAt(), r.lastUsedAt());
    }

    private static Match match(MatchRow r) {
        return new Match(insight(new InsightRow(r.id(), r.text(), r.conversationId(), r.messageId(), r.createdAt(),
                r.lastUsedAt())), r.distance());
    }
}
