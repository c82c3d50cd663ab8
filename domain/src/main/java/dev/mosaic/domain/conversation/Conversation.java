package dev.mosaic.domain.conversation;

import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation owned by one user. Its messages are stored separately and loaded on demand.
 *
 * @param pinnedModel the model its owner chose with {@code /model} for its next messages, or null
 *     while routing chooses
 * @param agent the agent its owner chose with {@code /agent} for its next messages, or null for the
 *     default agent
 */
public record Conversation(ConversationId id, UserId owner, String title, Instant createdAt, RouteTarget pinnedModel,
        AgentId agent) {
    public static final int MAX_TITLE_LENGTH = 200;

    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(createdAt, "createdAt");
        title = title == null ? "" : title.strip();
        if (title.length() > MAX_TITLE_LENGTH) {
            title = title.substring(0, MAX_TITLE_LENGTH);
        }
    }

    public Conversation(ConversationId id, UserId owner, String title, Instant createdAt, RouteTarget pinnedModel) {
        this(id, owner, title, createdAt, pinnedModel, null);
    }

    public Conversation(ConversationId id, UserId owner, String title, Instant createdAt) {
        this(id, owner, title, createdAt, null, null);
    }

    public Optional<RouteTarget> pinned() {
        return Optional.ofNullable(pinnedModel);
    }

    /** The same conversation, answered by {@code model} until unpinned; null hands the choice back to routing. */
    public Conversation pin(RouteTarget model) {
        return new Conversation(id, owner, title, createdAt, model, agent);
    }

    public Optional<AgentId> activeAgent() {
        return Optional.ofNullable(agent);
    }

    /** The same conversation, answered as {@code chosen} from its next message on; null for the default agent. */
    public Conversation withAgent(AgentId chosen) {
        return new Conversation(id, owner, title, createdAt, pinnedModel, chosen);
    }

    /** A new conversation titled after the first thing its owner said. */
    public static Conversation start(UserId owner, String firstMessage, Instant now) {
        String firstLine = firstMessage.strip().lines().findFirst().orElse("");
        String title = firstLine.length() > 80 ? firstLine.substring(0, 77) + "..." : firstLine;
        return new Conversation(ConversationId.random(), owner, title, now);
    }
}
