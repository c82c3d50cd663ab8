package dev.mosaic.application.port.in;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.domain.user.UserId;

public interface ListConversationsQuery {
    /** The actor's conversations, most recent activity first. */
    Page<ConversationSummary> list(UserId actor, boolean archived, PageRequest page);
}
