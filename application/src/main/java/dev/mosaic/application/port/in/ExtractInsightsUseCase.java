package dev.mosaic.application.port.in;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Learns insights from a finished conversation: a model reads it and names the lasting facts about
 * the user, which are saved unless the user's memory already holds them. Meant to run in the
 * background once a conversation has gone idle.
 */
public interface ExtractInsightsUseCase {

    /**
     * @param proposed how many facts the model named
     * @param saved the new insights, each noting the conversation and its last message
     * @param problem why nothing could be learnt (no such conversation, the model or the embedding
     *     model failed); empty when it went through, even if nothing was new
     */
    record Extracted(int proposed, List<Insight> saved, Optional<String> problem) {
        public Extracted {
            saved = List.copyOf(saved);
            Objects.requireNonNull(problem, "problem");
        }
    }

    Extracted extractInsights(UserId actor, ConversationId conversation);
}
