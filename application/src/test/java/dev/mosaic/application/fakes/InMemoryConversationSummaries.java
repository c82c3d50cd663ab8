package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.ConversationSummaries;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Summaries in memory; which conversations are idle is left to the test ({@link #idle}). */
public final class InMemoryConversationSummaries implements ConversationSummaries {
    private final Map<ConversationId, Summary> saved = new ConcurrentHashMap<>();
    private volatile List<Idle> idle = List.of();

    public void idle(List<Idle> conversations) {
        idle = List.copyOf(conversations);
    }

    @Override
    public List<Idle> toSummarize(Instant before, int limit) {
        return idle.stream().limit(limit).toList();
    }

    @Override
    public void save(UserId actor, Summary summary) {
        saved.put(summary.conversation(), summary);
    }

    @Override
    public Optional<Summary> find(UserId actor, ConversationId conversation) {
        return Optional.ofNullable(saved.get(conversation));
    }
}
