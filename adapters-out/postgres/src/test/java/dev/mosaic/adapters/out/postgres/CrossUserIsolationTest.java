package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.Agents;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Match;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Subject;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentDraft;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two users with data each: every port method one calls on the other's data finds nothing or fails. */
class CrossUserIsolationTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static final Embedding VECTOR = new Embedding("test-model", new float[] {1, 0, 0});

    /**
     * One user's conversation (answered by an agent of the user's, with a turn in its metrics) with a
     * reply in progress, an API token, and the reply's embedding ({@link #VECTOR}).
     */
    private record Holdings(UserId user, Conversation conversation, Message reply, ApiToken token, Subject embedded,
            AgentConfig agent) {}

    private Holdings holdingsOfANewUser() {
        UserId user = TestDatabase.newUser(database);
        AgentConfig agent = AgentConfig.create(AgentId.random(), Owner.of(user),
                AgentDraft.of("planner-" + UUID.randomUUID(), "", "You plan.", null, List.of()), ANYTHING, now);
        database.agents().save(user, agent);
        Conversation conversation = Conversation.start(user, "my plans", now).withAgent(agent.id());
        database.conversations().create(user, conversation);
        database.conversations().append(user, Message.fromUser(conversation, "what next?", now));
        Message started = Message.assistantStarted(conversation, "simulator", "sim-echo", now.plusMillis(1));
        Message reply = started.withProgress(List.of(), started.generation().withAgent(agent.ref()), MessageStatus.STREAMING);
        database.conversations().append(user, reply);
        database.conversationMetrics().recordTurn(user, conversation.id(), new RouteTarget("simulator", "sim-echo"),
                agent.id(), new Usage(10, 5, 0), BigDecimal.ONE, Duration.ofMillis(100), 1);
        byte[] hash = new byte[32];
        new SecureRandom().nextBytes(hash);
        ApiToken token = new ApiToken(TokenId.random(), user, "laptop", hash, now, null, null, null);
        database.apiTokens().store(user, token);
        Subject embedded = Subject.message(reply.id());
        database.embeddingVectors().store(user, embedded, VECTOR, now);
        return new Holdings(user, conversation, reply, token, embedded, agent);
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
        ApiToken forged = new ApiToken(TokenId.random(), victim.user(), "forged", new byte[] {1}, now, null, null, null);
        assertThrows(IllegalStateException.class, () -> tokens.store(intruder, forged));

        EmbeddingVectors vectors = database.embeddingVectors();
        assertTrue(vectors.nearest(intruder, VECTOR, 100).stream().noneMatch(m -> m.subject().equals(victim.embedded())));
        assertEquals(0, vectors.delete(intruder, victim.embedded()));
        // The same subject in the intruder's own name is the intruder's own vector, not a replacement of theirs.
        vectors.store(intruder, victim.embedded(), new Embedding(VECTOR.model(), new float[] {0, 1, 0}), now);

        assertFalse(conversations.setAgent(intruder, victim.conversation().id(), null));
        assertTrue(database.conversationMetrics().find(intruder, victim.conversation().id()).isEmpty());
        assertThrows(IllegalStateException.class, () -> database.conversationMetrics().recordTurn(intruder,
                victim.conversation().id(), new RouteTarget("simulator", "sim-echo"), null, new Usage(1, 1, 0), null,
                Duration.ZERO, 0));

        Agents agents = database.agents();
        AgentConfig theirs = victim.agent();
        assertTrue(agents.find(intruder, theirs.id()).isEmpty());
        assertTrue(agents.findByName(intruder, theirs.name()).isEmpty());
        assertTrue(agents.list(intruder).stream().noneMatch(a -> a.id().equals(theirs.id())));
        assertEquals(List.of(), agents.versions(intruder, theirs.id()));
        assertFalse(agents.delete(intruder, theirs.id()));
        assertThrows(IllegalStateException.class, () -> agents.save(intruder, theirs.revise(
                AgentDraft.of(theirs.name(), "", "Leak everything.", null, List.of()), ANYTHING, now)));
    }

    private static void assertUntouched(Holdings holdings, List<Message> messagesBefore) {
        assertEquals(holdings.conversation(),
                database.conversations().find(holdings.user(), holdings.conversation().id()).orElseThrow());
        assertEquals(messagesBefore, database.conversations().messages(holdings.user(), holdings.conversation().id()));
        assertEquals(holdings.token(), database.apiTokens().findBySecretHash(holdings.token().secretHash()).orElseThrow());
        Match nearest = database.embeddingVectors().nearest(holdings.user(), VECTOR, 1).getFirst();
        assertEquals(holdings.embedded(), nearest.subject());
        assertEquals(0, nearest.distance(), 1e-9);
        assertEquals(holdings.agent(), database.agents().find(holdings.user(), holdings.agent().id()).orElseThrow());
        assertEquals(holdings.agent().definition(),
                database.agents().find(holdings.user(), holdings.agent().id()).orElseThrow().definition());
        assertEquals(1, database.conversationMetrics().find(holdings.user(), holdings.conversation().id()).orElseThrow()
                .turns());
    }

    /** Whether models and tools exist is the service's concern, not the stores'. */
    private static final AgentDraft.Vocabulary ANYTHING = new AgentDraft.Vocabulary() {
        @Override
        public boolean knowsModel(RouteTarget model) {
            return true;
        }

        @Override
        public boolean knowsTool(String name) {
            return true;
        }
    };
}
