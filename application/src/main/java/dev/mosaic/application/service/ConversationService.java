package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ConversationMetricsQuery;
import dev.mosaic.application.port.in.ConversationRoutingQuery;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.application.view.RoutedReply;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ListConversationsQuery;
import dev.mosaic.application.port.in.ManageConversationUseCase;
import dev.mosaic.application.port.in.SearchMessagesQuery;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.port.out.MessageSearch;
import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.application.view.SearchQuery;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Finding and tidying conversations: list, search, rename, archive, delete; and what they used. */
public final class ConversationService implements ListConversationsQuery, SearchMessagesQuery, ManageConversationUseCase,
        ConversationRoutingQuery, ConversationMetricsQuery {

    private final Conversations conversations;
    private final MessageSearch search;
    private final ReplyLeases leases;
    private final ConversationMetrics metrics;

    public ConversationService(Conversations conversations, MessageSearch search, ReplyLeases leases,
            ConversationMetrics metrics) {
        this.conversations = Objects.requireNonNull(conversations);
        this.search = Objects.requireNonNull(search);
        this.leases = Objects.requireNonNull(leases);
        this.metrics = Objects.requireNonNull(metrics);
    }

    @Override
    public Page<ConversationSummary> list(UserId actor, boolean archived, PageRequest page) {
        return conversations.list(actor, archived, page);
    }

    @Override
    public SearchMessagesQuery.Outcome search(UserId actor, String query, PageRequest page) {
        SearchQuery parsed;
        try {
            parsed = SearchQuery.parse(query);
        } catch (IllegalArgumentException e) {
            return new SearchMessagesQuery.Outcome.Rejected(new Rejection(ErrorCode.INVALID_INPUT, e.getMessage()));
        }
        Page<SearchHit> hits = search.search(actor, parsed, page);
        if (hits.isPastTheEnd()) {
            return new SearchMessagesQuery.Outcome.Rejected(pastTheEnd(hits));
        }
        return new SearchMessagesQuery.Outcome.Found(hits);
    }

    static Rejection pastTheEnd(Page<?> page) {
        return new Rejection(ErrorCode.INVALID_INPUT, "page " + page.request().page() + " is past the last page ("
                + Math.max(1, page.pages()) + ")");
    }

    @Override
    public Optional<Rejection> rename(UserId actor, ConversationId id, String title) {
        String cleaned = title == null ? "" : title.strip();
        if (cleaned.isEmpty() || cleaned.length() > Conversation.MAX_TITLE_LENGTH || cleaned.indexOf('\0') >= 0) {
            return Optional.of(new Rejection(ErrorCode.INVALID_INPUT,
                    "a title has 1 to " + Conversation.MAX_TITLE_LENGTH + " characters"));
        }
        return conversations.rename(actor, id, cleaned) ? Optional.empty() : Optional.of(Rejection.notFound("conversation"));
    }

    @Override
    public Optional<Rejection> archive(UserId actor, ConversationId id, boolean archived) {
        return conversations.setArchived(actor, id, archived) ? Optional.empty()
                : Optional.of(Rejection.notFound("conversation"));
    }

    @Override
    public Optional<Rejection> delete(UserId actor, ConversationId id) {
        if (conversations.find(actor, id).isEmpty()) {
            return Optional.of(Rejection.notFound("conversation"));
        }
        // Holding the lease keeps a new reply from starting while the rows go.
        Optional<ReplyLeases.Lease> lease = leases.acquire(actor, id);
        if (lease.isEmpty()) {
            return Optional.of(new Rejection(ErrorCode.REPLY_IN_PROGRESS,
                    "a reply is being written in this conversation; abort it or wait, then delete"));
        }
        try (ReplyLeases.Lease held = lease.get()) {
            return conversations.delete(actor, id) ? Optional.empty() : Optional.of(Rejection.notFound("conversation"));
        }
    }

    @Override
    public Optional<List<RoutedReply>> routing(UserId actor, ConversationId conversation) {
        return conversations.find(actor, conversation).map(found -> conversations.routing(actor, conversation));
    }

    @Override
    public Optional<ConversationTotals> metrics(UserId actor, ConversationId conversation) {
        return metrics.find(actor, conversation);
    }
}
