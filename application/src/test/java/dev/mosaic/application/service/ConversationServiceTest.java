package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryConversationMetrics;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryReplyLeases;
import dev.mosaic.application.port.in.SearchMessagesQuery.Outcome;
import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.application.view.SearchQuery;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversationServiceTest {
    private final InMemoryConversations store = new InMemoryConversations();
    private final InMemoryReplyLeases leases = new InMemoryReplyLeases();
    private final List<SearchQuery> searched = new ArrayList<>();
    private final UserId alice = UserId.random();
    private final ConversationService service = new ConversationService(store, (actor, query, page) -> {
        searched.add(query);
        return new Page<SearchHit>(List.of(), page, 3);
    }, leases, new InMemoryConversationMetrics(store));

    private Conversation conversation() {
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        store.create(alice, conversation);
        store.append(alice, Message.fromUser(conversation, "hi", Instant.now()));
        return conversation;
    }

    @Test
    void searchQueriesAreParsedBeforeTheyReachTheStore() {
        assertInstanceOf(Outcome.Found.class, service.search(alice, "\"exact phrase\" lisb*", new PageRequest(1, 10)));
        assertEquals(new SearchQuery("\"exact phrase\"", List.of("lisb")), searched.getFirst());
    }

    @Test
    void emptyHugeAndPastTheEndSearchesAreRejectedClearly() {
        for (String bad : new String[] {"", "   ", "x".repeat(SearchQuery.MAX_LENGTH + 1), "*"}) {
            Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class, service.search(alice, bad, new PageRequest(1, 10)));
            assertEquals(ErrorCode.INVALID_INPUT, rejected.rejection().code());
        }
        Outcome.Rejected past = assertInstanceOf(Outcome.Rejected.class, service.search(alice, "lisbon", new PageRequest(9, 2)));
        assertEquals("page 9 is past the last page (2)", past.rejection().message());
        assertTrue(searched.size() == 1, "only the well-formed query reached the store");
    }

    @Test
    void renameValidatesTheTitleAndForeignConversationsAreNotFound() {
        Conversation conversation = conversation();
        assertEquals(ErrorCode.INVALID_INPUT, service.rename(alice, conversation.id(), "  ").orElseThrow().code());
        assertEquals(ErrorCode.NOT_FOUND, service.rename(UserId.random(), conversation.id(), "mine").orElseThrow().code());
        assertEquals(Optional.empty(), service.rename(alice, conversation.id(), "  Trip notes "));
        assertEquals("Trip notes", store.find(alice, conversation.id()).orElseThrow().title());
        assertEquals(ErrorCode.NOT_FOUND, service.archive(alice, ConversationId.random(), true).orElseThrow().code());
    }

    @Test
    void aConversationIsNotDeletedWhileAReplyIsBeingWritten() {
        Conversation conversation = conversation();
        try (ReplyLeases.Lease running = leases.acquire(alice, conversation.id()).orElseThrow()) {
            assertEquals(ErrorCode.REPLY_IN_PROGRESS, service.delete(alice, conversation.id()).orElseThrow().code());
        }
        assertEquals(Optional.empty(), service.delete(alice, conversation.id()));
        assertTrue(store.find(alice, conversation.id()).isEmpty());
        assertEquals(ErrorCode.NOT_FOUND, service.delete(alice, conversation.id()).orElseThrow().code());
    }
}
