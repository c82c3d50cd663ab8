package dev.mosaic.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainRulesTest {
    private final Instant now = Instant.parse("2026-11-01T10:00:00Z");
    private final UserId alice = UserId.random();

    @Test
    void aConversationIsTitledAfterTheFirstLineOfItsFirstMessage() {
        assertEquals("Plan a trip", Conversation.start(alice, "  Plan a trip\nto Lisbon in May", now).title());
        String longLine = "x".repeat(200);
        String title = Conversation.start(alice, longLine, now).title();
        assertEquals(80, title.length());
        assertTrue(title.endsWith("..."));
    }

    @Test
    void anAssistantMessageMustSayHowItWasGenerated() {
        Conversation conversation = Conversation.start(alice, "hi", now);
        assertThrows(IllegalArgumentException.class, () -> new Message(MessageId.random(), conversation.id(), alice,
                Role.ASSISTANT, List.of(), MessageStatus.COMPLETE, null, now));
        Message started = Message.assistantStarted(conversation, "openai", "gpt-4o", now);
        assertEquals(MessageStatus.STREAMING, started.status());
        assertEquals("openai", started.generation().provider());
    }

    @Test
    void aMessagesTextIsItsTextBlocksJoined() {
        Conversation conversation = Conversation.start(alice, "hi", now);
        Message message = Message.assistantStarted(conversation, "p", "m", now).withProgress(List.of(
                new ContentBlock.Thinking("pondering", "sig"), new ContentBlock.Text("Hello "),
                new ContentBlock.ToolCall("c1", "f", ""), new ContentBlock.Text("world")),
                Message.assistantStarted(conversation, "p", "m", now).generation(), MessageStatus.COMPLETE);
        assertEquals("Hello world", message.text());
        assertEquals("{}", ((ContentBlock.ToolCall) message.content().get(2)).argumentsJson(), "empty arguments are an empty object");
    }

    @Test
    void usernamesAreLowerCaseWordsAndTokenCountsCannotBeNegative() {
        assertEquals("alice.b-2", new User(alice, "alice.b-2", now).username());
        for (String bad : new String[] {"", "Alice", "-lead", "a b", "x".repeat(64)}) {
            assertThrows(IllegalArgumentException.class, () -> new User(alice, bad, now), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Usage(-1, 0, 0));
        assertEquals(15, new Usage(10, 5, 3).totalTokens());
    }

    @Test
    void aTokenKnowsWhenItStopsBeingValidAndNeverPrintsItsHash() {
        ApiToken token = new ApiToken(TokenId.random(), alice, "laptop", new byte[] {1, 2, 3}, now, now.plusSeconds(60), null,
                null);
        assertFalse(token.isExpiredAt(now.plusSeconds(59)));
        assertTrue(token.isExpiredAt(now.plusSeconds(60)));
        assertFalse(token.isRevoked());
        assertTrue(token.isActiveAt(now.plusSeconds(59)));
        assertFalse(token.isActiveAt(now.plusSeconds(60)), "expired");
        ApiToken revoked = new ApiToken(token.id(), alice, "laptop", new byte[] {1, 2, 3}, now, null, now, null);
        assertFalse(revoked.isActiveAt(now.plusSeconds(1)), "revoked");
        assertFalse(token.toString().contains("[1, 2, 3]"));
        byte[] hash = token.secretHash();
        hash[0] = 9;
        assertEquals(1, token.secretHash()[0], "the stored hash cannot be changed from outside");
    }
}
