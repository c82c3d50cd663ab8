package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.port.in.RepeatedRequestsUseCase.Seen;
import dev.mosaic.application.port.out.RequestKeys;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepeatedRequestsServiceTest {

    private final InMemoryConversations conversations = new InMemoryConversations();
    private final Map<String, RequestKeys.Earlier> held = new HashMap<>();
    private final RepeatedRequestsService repeated = new RepeatedRequestsService(new RequestKeys() {
        @Override
        public Optional<Earlier> claim(UserId owner, String channel, String key, String request, Duration ttl) {
            return Optional.ofNullable(held.putIfAbsent(owner + channel + key, new Earlier.Running(request)));
        }

        @Override
        public void answered(UserId owner, String channel, String key, Earlier.Answered answered, Duration ttl) {
            held.put(owner + channel + key, answered);
        }

        @Override
        public void release(UserId owner, String channel, String key) {
            held.remove(owner + channel + key);
        }
    }, conversations);
    private final UserId ana = UserId.random();

    @Test
    void theFirstRequestRunsTheNextWaitThenGetItsAnswer() {
        assertEquals(new Seen.First(), repeated.first(ana, "openai", "k1", "q"));
        assertEquals(new Seen.Running(), repeated.first(ana, "openai", "k1", "q"));
        Message answer = stored(ana);
        repeated.answered(ana, "openai", "k1", "q", answer.conversationId(), answer.id());

        assertEquals(new Seen.Answered(answer.conversationId(), answer), repeated.first(ana, "openai", "k1", "q"));
        assertEquals(new Seen.First(), repeated.first(UserId.random(), "openai", "k1", "q"));
        assertEquals(new Seen.First(), repeated.first(ana, "anthropic", "k1", "q"));
    }

    @Test
    void aKeySentAgainWithAnotherQuestionIsRefused() {
        repeated.first(ana, "openai", "k3", "q");

        Seen.Refused refused = assertInstanceOf(Seen.Refused.class, repeated.first(ana, "openai", "k3", "another q"));
        assertEquals("Idempotency-Key", refused.rejection().field());
    }

    @Test
    void aRefusedRequestFreesItsKey() {
        repeated.first(ana, "openai", "k2", "q");
        repeated.refused(ana, "openai", "k2");

        assertEquals(new Seen.First(), repeated.first(ana, "openai", "k2", "q"));
    }

    @Test
    void aKeyThatIsNoKeyIsRefused() {
        for (String key : new String[] {"", "has space", "x".repeat(256), "caf\u00e9"}) {
            Seen.Refused refused = assertInstanceOf(Seen.Refused.class, repeated.first(ana, "openai", key, "q"));
            assertEquals(ErrorCode.INVALID_INPUT, refused.rejection().code());
        }
    }

    private Message stored(UserId owner) {
        Conversation conversation = Conversation.start(owner, "q", Instant.now());
        conversations.create(owner, conversation);
        conversations.append(owner, Message.fromUser(conversation, "q", Instant.now()));
        Message answer = Message.assistantStarted(conversation, "p", "m", Instant.now());
        conversations.append(owner, answer);
        return answer;
    }
}
