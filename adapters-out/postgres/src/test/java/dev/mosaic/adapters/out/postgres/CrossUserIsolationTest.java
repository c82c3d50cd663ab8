package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two users with data each: every port method one calls on the other's data finds nothing or fails. */
class CrossUserIsolationTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** One user's conversation with a reply in progress, and an API token. */
    private record Holdings(UserId user, Conversation conversation, Message reply, ApiToken token) {}

    private Holdings holdingsOfANewUser() {
        UserId user = TestDatabase.newUser(database);
        Conversation conversation = Conversation.start(user, "my plans", now);
        database.conversations().create(user, conversation);
        database.conversations().append(user, Message.fromUser(conversation, "what next?", now));
        Message reply = Message.assistantStarted(conversation, "simulator", "sim-echo", now.plusMillis(1));
        database.conversations().append(user, reply);
        byte[] hash = new byte[32];
        new SecureRandom().nextBytes(hash);
        ApiToken token = new ApiToken(TokenId.random(), user, "laptop", hash, now, null, null);
        database.apiTokens().store(user, token);
        return new Holdings(user, conversation, reply, token);
    }

    @Test
    void neitherOfTwoUsersReachesTheOthersData() {
        Holdings alice = holdingsOfANewUser();
        Holdings bob = holdingsOfANewUser();
        List<Message> messagesOfAlice = database.conversations().messages(alice.user(), alice.conversation().id());
        List<Message> messagesOfBob = database.conversations().messages(bob.user(), bob.conversation().id());

        assertCannotReach(bob.user(), alice);
        assertCannotReach(alice.user(), bob);

        assertUntouched(alice, messagesOfAlice);
        assertUntouched(bob, messagesOfBob);
    }

    private void assertCannotReach(UserId intruder, Holdings victim) {
        Conversations conversations = database.conversations();
        ApiTokens tokens = database.apiTokens();

        assertTrue(conversations.find(intruder, victim.conversation().id()).isEmpty());
        assertEquals(List.of(), conversations.messages(intruder, victim.conversation().id()));
        assertEquals(intruder, database.users().self(intruder).orElseThrow().id());

        Message intoTheirConversation = new Message(MessageId.random(), victim.conversation().id(), intruder,
                victim.reply().role(), List.of(new ContentBlock.Text("hi")), MessageStatus.COMPLETE,
                victim.reply().generation(), now);
        assertThrows(IllegalStateException.class, () -> conversations.append(intruder, intoTheirConversation));
        Message asThem = Message.fromUser(victim.conversation(), "in their name", now);
        assertThrows(IllegalStateException.class, () -> conversations.append(intruder, asThem));

        Message tampered = victim.reply().withProgress(List.of(new ContentBlock.Text("tampered")),
                victim.reply().generation(), MessageStatus.COMPLETE);
        assertThrows(IllegalStateException.class, () -> conversations.update(intruder, tampered));
        Message claimed = new Message(victim.reply().id(), victim.conversation().id(), intruder, victim.reply().role(),
                tampered.content(), MessageStatus.COMPLETE, victim.reply().generation(), now);
        assertThrows(IllegalStateException.class, () -> conversations.update(intruder, claimed));

        Conversation inTheirName = Conversation.start(victim.user(), "forged", now);
        assertThrows(IllegalStateException.class, () -> conversations.create(intruder, inTheirName));

        assertFalse(tokens.revoke(intruder, victim.token().id(), now));
        ApiToken forged = new ApiToken(TokenId.random(), victim.user(), "forged", new byte[] {1}, now, null, null);
        assertThrows(IllegalStateException.class, () -> tokens.store(intruder, forged));
    }

    private static void assertUntouched(Holdings holdings, List<Message> messagesBefore) {
        assertEquals(holdings.conversation(),
                database.conversations().find(holdings.user(), holdings.conversation().id()).orElseThrow());
        assertEquals(messagesBefore, database.conversations().messages(holdings.user(), holdings.conversation().id()));
        assertEquals(holdings.token(), database.apiTokens().findBySecretHash(holdings.token().secretHash()).orElseThrow());
    }
}
