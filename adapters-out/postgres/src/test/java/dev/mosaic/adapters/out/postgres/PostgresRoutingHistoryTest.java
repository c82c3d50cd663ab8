package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.RoutingHistory;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresRoutingHistoryTest {
    private static final PostgresDatabase database = TestDatabase.shared();

    @Test
    void eachQuestionComesWithTheReplyThatFollowedItAndOnlyTheActorsOwn() {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Conversation conversation = Conversation.start(alice, "write code", now);
        database.conversations().create(alice, conversation);
        database.conversations().append(alice, Message.fromUser(conversation, "write code", now));
        Message reply = Message.assistantStarted(conversation, "anthropic", "claude-opus-4-6", now);
        database.conversations().append(alice, reply.withProgress(List.of(new ContentBlock.Text("done")),
                new Generation("anthropic", "claude-opus-4-6", new Usage(100, 20, 5), StopReason.END_TURN, null, null, null),
                MessageStatus.COMPLETE));
        database.conversations().append(alice, Message.fromUser(conversation, "and tests?", now.plusMillis(1)));

        List<RoutingHistory.Exchange> exchanges = database.routingHistory().exchangesSince(alice, now.minusSeconds(1));
        assertEquals(2, exchanges.size());
        assertEquals("write code", exchanges.get(0).question());
        assertEquals("claude-opus-4-6", exchanges.get(0).model());
        assertEquals(new Usage(100, 20, 5), exchanges.get(0).usage());
        assertNull(exchanges.get(1).provider(), "no reply followed the last question");
        assertEquals(List.of(), database.routingHistory().exchangesSince(bob, now.minusSeconds(1)));
        assertEquals(List.of(), database.routingHistory().exchangesSince(alice, now.plusSeconds(60)));
        assertTrue(database.routingHistory().askersSince(now.minusSeconds(1)).contains(alice));
    }
}
