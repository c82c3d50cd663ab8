package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.out.ConversationFeed;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * A conversation's feed over Redis pub/sub (docs/adr/0016-live-conversations.md): one channel per
 * conversation, {@code <prefix>:conversation:<owner>:<conversation>}, which every instance listens to
 * through one pattern subscription of its own and hands to its local watchers. A message is a header
 * line and the clients' frames, one a line (JSON text holds no raw line break):
 * <pre>
 * P &lt;origin|-&gt; &lt;message|-&gt; &lt;seq&gt;     an event, then its frame
 * S &lt;requester&gt; &lt;message|-&gt; &lt;upTo&gt;   a catch-up's answer, then its frames
 * C &lt;requester&gt;                         a catch-up request
 * </pre>
 * Who watches is a sorted set per conversation, {@code <prefix>:watchers:<owner>:<conversation>}: a
 * member per subscription ({@code <session> <random id>}), scored with when it lapses unless renewed,
 * so a stopped instance's watchers lapse on their own.
 */
public final class RedisConversationFeed implements ConversationFeed, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisConversationFeed.class.getName());
    static final String CHANNEL = "conversation";
    static final String WATCHERS = "watchers";
    private static final Duration WATCH_TTL = Duration.ofSeconds(30);
    private static final String NONE = "-";

    private final UnifiedJedis redis;
    private final RedisNamespace namespace;
    private final Function<ConversationEvent, String> frames;
    private final String channelPrefix;
    /** This instance's watchers, by channel. */
    private final Map<String, List<Local>> watchers = new ConcurrentHashMap<>();
    private final List<CatchUpHandler> catchUps = new CopyOnWriteArrayList<>();
    private final RedisSubscription subscription;
    private final Thread renewer;

    private record Local(String member, Consumer<Update> listener) {}

    /** @param frames how clients see an event: the frame each watching instance passes on as it is */
    public RedisConversationFeed(UnifiedJedis redis, RedisNamespace namespace, Function<ConversationEvent, String> frames) {
        this.redis = redis;
        this.namespace = namespace;
        this.frames = frames;
        this.channelPrefix = namespace.name(CHANNEL, "");
        this.subscription = RedisSubscription.startPattern(redis, channelPrefix + "*", this::received, () -> { });
        this.renewer = Thread.ofVirtual().name("conversation-watchers").start(this::renewWatchers);
    }

    @Override
    public boolean watched(UserId owner, ConversationId conversation, String except) {
        String exceptMember = except == null ? null : except + " ";
        return redis.zrangeByScore(namespace.name(WATCHERS, owner, conversation), System.currentTimeMillis(),
                Double.POSITIVE_INFINITY).stream().anyMatch(member -> exceptMember == null || !member.startsWith(exceptMember));
    }

    @Override
    public void publish(UserId owner, ConversationId conversation, String origin, ConversationEvent event, int seq) {
        redis.publish(channel(owner, conversation), "P " + word(origin) + " " + word(ConversationFeed.messageOf(event))
                + " " + seq + "\n" + frames.apply(event));
    }

    @Override
    public void publishSnapshot(UserId owner, ConversationId conversation, String requester, MessageId message, int upTo,
            List<ConversationEvent> events) {
        StringBuilder text = new StringBuilder("S ").append(word(requester)).append(' ').append(word(message)).append(' ')
                .append(upTo);
        events.forEach(event -> text.append('\n').append(frames.apply(event)));
        redis.publish(channel(owner, conversation), text.toString());
    }

    @Override
    public void requestCatchUp(UserId owner, ConversationId conversation, String requester) {
        redis.publish(channel(owner, conversation), "C " + word(requester));
    }

    @Override
    public Subscription subscribe(UserId owner, ConversationId conversation, String session, Consumer<Update> listener) {
        String channel = channel(owner, conversation);
        // One member per watch, named by its session: a session's own exchanges do not count it as a watcher.
        Local local = new Local(session + " " + UUID.randomUUID(), listener);
        watchers.computeIfAbsent(channel, key -> new CopyOnWriteArrayList<>()).add(local);
        String key = namespace.name(WATCHERS, owner, conversation);
        announce(key, local.member());
        return () -> {
            watchers.computeIfPresent(channel, (name, list) -> {
                list.remove(local);
                return list.isEmpty() ? null : list;
            });
            try {
                redis.zrem(key, local.member());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "could not withdraw a watcher; it lapses on its own", e);
            }
        };
    }

    @Override
    public Subscription onCatchUp(CatchUpHandler handler) {
        catchUps.add(handler);
        return () -> catchUps.remove(handler);
    }

    @Override
    public void close() {
        renewer.interrupt();
        subscription.close();
    }

    private String channel(UserId owner, ConversationId conversation) {
        return channelPrefix + owner + ":" + conversation;
    }

    private void announce(String key, String member) {
        long now = System.currentTimeMillis();
        redis.zadd(key, now + WATCH_TTL.toMillis(), member);
        redis.zremrangeByScore(key, Double.NEGATIVE_INFINITY, now);
        redis.pexpire(key, 2 * WATCH_TTL.toMillis());
    }

    /** Renews this instance's watchers well before they lapse. */
    private void renewWatchers() {
        while (true) {
            try {
                Thread.sleep(WATCH_TTL.dividedBy(3));
            } catch (InterruptedException e) {
                return;
            }
            watchers.forEach((channel, locals) -> {
                String key = namespace.name(WATCHERS, channel.substring(channelPrefix.length()));
                try {
                    locals.forEach(local -> announce(key, local.member()));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not renew the watchers of " + channel, e);
                }
            });
        }
    }

    private void received(String channel, String message) {
        String[] ids = channel.substring(channelPrefix.length()).split(":");
        UserId owner = new UserId(UUID.fromString(ids[0]));
        ConversationId conversation = new ConversationId(UUID.fromString(ids[1]));
        String[] lines = message.split("\n");
        String[] header = lines[0].split(" ");
        switch (header[0]) {
            case "C" -> catchUps.forEach(handler -> handler.requested(owner, conversation, header[1]));
            case "P" -> deliver(channel, new Published(nullable(header[1]), messageId(header[2]),
                    Integer.parseInt(header[3]), lines[1]));
            case "S" -> deliver(channel, new Snapshot(header[1], messageId(header[2]), Integer.parseInt(header[3]),
                    new ArrayList<>(Arrays.asList(lines).subList(1, lines.length))));
            default -> throw new IllegalArgumentException("not a feed message: " + header[0]);
        }
    }

    private void deliver(String channel, Update update) {
        for (Local local : watchers.getOrDefault(channel, List.of())) {
            try {
                local.listener().accept(update);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a watcher failed on an update", e);
            }
        }
    }

    private static String word(Object value) {
        return value == null ? NONE : value.toString();
    }

    private static String nullable(String word) {
        return NONE.equals(word) ? null : word;
    }

    private static MessageId messageId(String word) {
        return NONE.equals(word) ? null : new MessageId(UUID.fromString(word));
    }
}
