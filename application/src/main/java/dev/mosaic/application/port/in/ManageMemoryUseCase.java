package dev.mosaic.application.port.in;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.application.view.InsightSearch;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.util.List;

/**
 * The acting user's memory: preferences, insights, search by meaning, and forgetting. Every call
 * acts on the actor's own memory; no argument names another user.
 */
public interface ManageMemoryUseCase {

    /** The most insights one search returns. */
    int MAX_RESULTS = 50;
    /** The longest text searched for. */
    int MAX_QUERY_LENGTH = 2_000;

    sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> {}

        /** {@code invalid_input} (naming the field), {@code not_found} or {@code embedding_unavailable}. */
        record Rejected<T>(Rejection rejection) implements Outcome<T> {}
    }

    List<Preference> preferences(UserId actor);

    Outcome<Preference> preference(UserId actor, String key);

    Outcome<Preference> setPreference(UserId actor, String key, String value);

    Outcome<Void> deletePreference(UserId actor, String key);

    Page<Insight> insights(UserId actor, PageRequest page);

    /**
     * Embeds and stores a new insight; nothing is stored when the text cannot be embedded.
     *
     * @param conversation where it was learnt, or null
     * @param message the message it was learnt from, or null
     */
    Outcome<Insight> saveInsight(UserId actor, String text, ConversationId conversation, MessageId message);

    Outcome<Void> deleteInsight(UserId actor, InsightId id);

    /**
     * The insights nearest in meaning to the query, nearest first; searching alone does not count as
     * using them. While the insights are embedded anew after a change of model, the search says when
     * some of them could not be found.
     */
    Outcome<InsightSearch> search(UserId actor, String query, int limit);

    /** Records that these insights were given to a model now, which renews their relevance; others' ids change nothing. */
    void markUsed(UserId actor, List<InsightId> ids);

    ForgottenMemory forgetAll(UserId actor);
}
