package dev.mosaic.adapters.out.postgres;

import com.pgvector.PGvector;
import dev.mosaic.adapters.out.postgres.EmbeddingMapper.EmbeddingRow;
import dev.mosaic.adapters.out.postgres.MemoryMapper.InsightRow;
import dev.mosaic.adapters.out.postgres.MemoryMapper.MatchRow;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
            mapper.deleteInsightVectors(actor.value(), id.toString());
            return mapper.deleteInsight(actor.value(), id.value());
        }) > 0;
    }

    @Override
    public List<Match> nearestInsights(UserId actor, Embedding query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        PGvector vector = MyBatisEmbeddingVectors.vector(query);
        return UserScope.inTransaction(sessions, actor, s -> {
            MemoryMapper mapper = s.getMapper(MemoryMapper.class);
            mapper.planForThisSearch();
            return mapper.nearest(actor.value(), query.model(), query.dimensions(), vector, limit);
        }).stream().map(MyBatisMemories::match).toList();
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
            mapper.forgetVectors(actor.value());
            return new ForgottenMemory(mapper.forgetInsights(actor.value()), mapper.forgetPreferences(actor.value()));
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
