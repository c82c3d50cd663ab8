package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.ConversationSummaries;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle conversations are found across users by id only; summaries are their owner's alone. */
class PostgresConversationSummariesTest {
    private final PostgresDatabase database = TestDatabase.shared();
    private final ConversationSummaries summaries = database.conversationSummaries();

    private Conversation chatted(UserId owner) {
        Conversation conversation = Conversation.start(owner, "idle", Instant.now());
        database.conversations().create(owner, conversation);
        database.conversations().append(owner, Message.fromUser(conversation, "hello", Instant.now()));
        return conversation;
    }

    private List<ConversationSummaries.Idle> idle(Conversation conversation) {
        return summaries.toSummarize(Instant.now().plus(1, ChronoUnit.HOURS), 100_000).stream()
                .filter(i -> i.conversation().equals(conversation.id())).toList();
    }

    @Test
    void aSummaryCoversItsActivityUntilTheConversationMovesOn() {
        UserId alice = TestDatabase.newUser(database);
        Conversation conversation = chatted(alice);
        assertTrue(summaries.toSummarize(Instant.now().minus(1, ChronoUnit.HOURS), 100_000).stream()
                .noneMatch(i -> i.conversation().equals(conversation.id())), "not idle yet");
        List<ConversationSummaries.Idle> found = idle(conversation);
        assertEquals(1, found.size());
        assertEquals(alice, found.getFirst().owner());

        summaries.save(alice, new ConversationSummaries.Summary(conversation.id(), "they said hello", 1,
                found.getFirst().activity(), "zai", "glm-5", Instant.now()));
        assertEquals("they said hello", summaries.find(alice, conversation.id()).orElseThrow().text());
        assertTrue(idle(conversation).isEmpty(), "covered");

        database.conversations().append(alice, Message.fromUser(conversation, "one more thing", Instant.now()));
        assertEquals(1, idle(conversation).size(), "active again since the summary");
    }

    @Test
    void nobodyReadsAnothersSummary() {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        Conversation conversation = chatted(alice);
        summaries.save(alice, new ConversationSummaries.Summary(conversation.id(), "private", 1, Instant.now(), "zai",
                "glm-5", Instant.now()));
        assertFalse(summaries.find(bob, conversation.id()).isPresent());
    }
}
