package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.out.ConversationFeed;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The conversation feed over the real Redis, between two "instances" of one deployment, each with a client of its own. */
class RedisConversationFeedTest {

    private static final URI URL = URI.create(System.getenv().getOrDefault("MOSAIC_TEST_REDIS_URL",
            "redis://127.0.0.1:6379/0"));
    private final RedisNamespace namespace = new RedisNamespace("feed-test-" + UUID.randomUUID().toString().substring(0, 8));
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final UserId alice = UserId.random();
    private final ConversationId conversation = ConversationId.random();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private RedisConversationFeed instance() {
        RedisClient redis = RedisClient.create(URL);
        opened.add(redis);
        RedisConversationFeed feed = new RedisConversationFeed(redis, namespace, event -> event.getClass().getSimpleName()
                + (event instanceof ConversationEvent.ReplyDelta delta ? ":" + delta.text() : ""));
        opened.add(feed);
        return feed;
    }

    private static ConversationEvent.ReplyDelta delta(ConversationId conversation, MessageId message, String text) {
        return new ConversationEvent.ReplyDelta(conversation, message, ConversationEvent.DeltaKind.TEXT, text, 0, null, null);
    }

    @Test
    void anotherInstancesWatcherGetsEachEventAsItsFrameInOrder() throws Exception {
        RedisConversationFeed writer = instance();
        RedisConversationFeed watching = instance();
        BlockingQueue<ConversationFeed.Update> heard = new LinkedBlockingQueue<>();
        MessageId reply = MessageId.random();
        assertFalse(writer.watched(alice, conversation, null));
        try (ConversationFeed.Subscription watch = watching.subscribe(alice, conversation, "b", heard::add)) {
            assertTrue(writer.watched(alice, conversation, null), "a watcher on any instance counts");
            assertTrue(writer.watched(alice, conversation, "a"), "b watches what a sends");
            assertFalse(writer.watched(alice, conversation, "b"), "b's own exchanges are watched by nobody else");
            assertFalse(writer.watched(alice, ConversationId.random(), null));
            assertFalse(writer.watched(UserId.random(), conversation, null), "the same id under another owner is another feed");

            writer.publish(alice, ConversationId.random(), "a", delta(conversation, reply, "elsewhere"), 0);
            writer.publish(alice, conversation, "a", delta(conversation, reply, "Hello"), 0);
            writer.publish(alice, conversation, null, new ConversationEvent.ReplyStarted(conversation, reply, "p", "m"), -1);
            writer.publishSnapshot(alice, conversation, "b", reply, 1, List.of(delta(conversation, reply, "so far")));
            writer.publishSnapshot(alice, conversation, "b", null, 0, List.of());

            assertEquals(new ConversationFeed.Published("a", reply, 0, "ReplyDelta:Hello"), heard.poll(10, TimeUnit.SECONDS),
                    "the other conversation's update is not delivered");
            assertEquals(new ConversationFeed.Published(null, reply, -1, "ReplyStarted"), heard.poll(10, TimeUnit.SECONDS));
            assertEquals(new ConversationFeed.Snapshot("b", reply, 1, List.of("ReplyDelta:so far")),
                    heard.poll(10, TimeUnit.SECONDS));
            assertEquals(new ConversationFeed.Snapshot("b", null, 0, List.of()), heard.poll(10, TimeUnit.SECONDS));
        }
        assertFalse(writer.watched(alice, conversation, null), "a closed watch is withdrawn");
    }

    @Test
    void aCatchUpRequestReachesEveryInstanceWithItsConversationAndRequester() throws Exception {
        RedisConversationFeed writer = instance();
        RedisConversationFeed joining = instance();
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        try (ConversationFeed.Subscription handling = writer.onCatchUp(
                (owner, id, requester) -> requests.add(owner + " " + id + " " + requester))) {
            joining.requestCatchUp(alice, conversation, "session-b");
            assertEquals(alice + " " + conversation + " session-b", requests.poll(10, TimeUnit.SECONDS));
        }
    }
}
