package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import dev.mosaic.application.port.out.ConversationDigests;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConversationContinuityServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryConversations conversations = new InMemoryConversations();
    private final Map<String, Set<ConversationId>> remembered = new HashMap<>();
    private final ConversationContinuityService continuity = new ConversationContinuityService(conversations,
            new ConversationDigests() {
        @Override
        public void remember(UserId owner, String channel, String digest, ConversationId conversation, Duration ttl) {
            remembered.computeIfAbsent(owner + channel + digest, k -> new HashSet<>()).add(conversation);
        }

        @Override
        public Set<ConversationId> find(UserId owner, String channel, String digest) {
            return remembered.getOrDefault(owner + channel + digest, Set.of());
        }
    }, "current_time"::equals);

    @Test
    void aHistoryGoesOnWithTheConversationThatHoldsIt() {
        UserId ana = UserId.random();
        ConversationId id = exchange(ana, "one", "one answered");

        assertEquals(Optional.of(id), continuity.continued(ana, "openai", turns("one", "one answered")));
        assertEquals(Optional.empty(), continuity.continued(ana, "openai", turns("one", "another answer")));
        assertEquals(Optional.empty(), continuity.continued(ana, "anthropic", turns("one", "one answered")));
        assertEquals(Optional.empty(), continuity.continued(ana, "openai", List.of()));
    }

    @Test
    void anotherUsersIdenticalHistoryMatchesNothing() {
        exchange(UserId.random(), "one", "one answered");

        assertEquals(Optional.empty(), continuity.continued(UserId.random(), "openai", turns("one", "one answered")));
    }

    @Test
    void aHistoryTwoConversationsShareStartsANewOne() {
        UserId ana = UserId.random();
        ConversationId first = exchange(ana, "hi", "hello");
        ConversationId second = exchange(ana, "hi", "hello");

        assertNotEquals(first, second);
        assertEquals(Optional.empty(), continuity.continued(ana, "openai", turns("hi", "hello")));
    }

    @Test
    void aConversationThatWentOnNoLongerHoldsItsShorterHistory() {
        UserId ana = UserId.random();
        ConversationId id = exchange(ana, "one", "one answered");
        append(ana, id, "two", "two answered");

        assertEquals(Optional.empty(), continuity.continued(ana, "openai", turns("one", "one answered")));
        assertEquals(Optional.of(id), continuity.continued(ana, "openai",
                turns("one", "one answered", "two", "two answered")));
    }

    @Test
    void turnsThatRunTogetherDigestApart() {
        assertNotEquals(ConversationContinuityService.digest(turns("ab", "c")),
                ConversationContinuityService.digest(turns("a", "bc")));
    }

    @Test
    void theClientsToolCallsAndResultsAreTurnsOfItsHistoryAndTheGatewaysOwnToolRoundsAreNot() {
        UserId ana = UserId.random();
        Conversation conversation = Conversation.start(ana, "weather and time?", NOW);
        conversations.create(ana, conversation);
        conversations.append(ana, Message.fromUser(conversation, "weather and time?", NOW));
        Message calls = replied(conversation, new ContentBlock.ToolCall("t1", "current_time", "{}"),
                new ContentBlock.ToolCall("w1", "get_weather", "{}"));
        conversations.append(ana, calls);
        conversations.append(ana, new Message(dev.mosaic.domain.conversation.MessageId.random(), conversation.id(), ana,
                dev.mosaic.domain.conversation.Role.TOOL, List.of(new ContentBlock.ToolResult("t1", "noon", false),
                        new ContentBlock.ToolResult("w1", "sunny", false)), MessageStatus.COMPLETE, null, NOW));
        conversations.append(ana, replied(conversation, new ContentBlock.Text("Sunny at noon.")));
        continuity.answered(ana, "openai", conversation.id());

        List<Turn> seen = List.of(new Turn("user", "weather and time?"), new Turn("assistant", "", List.of("w1")),
                new Turn("tool", "", List.of("w1")), new Turn("assistant", "Sunny at noon."));
        assertEquals(Optional.of(conversation.id()), continuity.continued(ana, "openai", seen));
        assertEquals(Optional.empty(), continuity.continued(ana, "openai", List.of(seen.get(0), seen.get(3))),
                "a history without the client's tool round is another one");
        assertEquals(Optional.empty(), continuity.continued(ana, "openai", List.of(seen.get(0),
                new Turn("assistant", "", List.of("w2")), new Turn("tool", "", List.of("w2")), seen.get(3))));
    }

    private static Message replied(Conversation conversation, ContentBlock... content) {
        return Message.assistantStarted(conversation, "p", "m", NOW).withProgress(List.of(content),
                Generation.started("p", "m"), MessageStatus.COMPLETE);
    }

    private ConversationId exchange(UserId owner, String question, String answer) {
        Conversation conversation = Conversation.start(owner, question, NOW);
        conversations.create(owner, conversation);
        append(owner, conversation.id(), question, answer);
        return conversation.id();
    }

    private void append(UserId owner, ConversationId id, String question, String answer) {
        Conversation conversation = conversations.find(owner, id).orElseThrow();
        conversations.append(owner, Message.fromUser(conversation, question, NOW));
        conversations.append(owner, Message.assistantStarted(conversation, "p", "m", NOW).withProgress(
                List.of(new ContentBlock.Text(answer)), Generation.started("p", "m"), MessageStatus.COMPLETE));
        continuity.answered(owner, "openai", id);
    }

    /** Alternating turns, the user's first. */
    private static List<Turn> turns(String... texts) {
        List<Turn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            turns.add(new Turn(i % 2 == 0 ? "user" : "assistant", texts[i]));
        }
        return turns;
    }
}
