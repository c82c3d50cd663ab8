package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.fakes.InMemoryAbortSignals;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversationFeed;
import dev.mosaic.application.fakes.InMemoryConversationMetrics;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryReplyLeases;
import dev.mosaic.application.fakes.RecordingCircuits;
import dev.mosaic.application.fakes.Routers;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.port.in.ConversationPage;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.application.port.in.GetConversationQuery;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.port.in.WatchConversationUseCase;
import dev.mosaic.application.port.out.ConversationFeed;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One conversation followed live by a second client session: what it is sent, in which order, and what not. */
class LiveConversationTest {

    private static final RouteTarget FAKE = new RouteTarget("fake", "fake-1");
    private final InMemoryConversations store = new InMemoryConversations();
    private final InMemoryReplyLeases leases = new InMemoryReplyLeases();
    private final InMemoryConversationFeed feed = new InMemoryConversationFeed();
    private final UserId alice = UserId.random();
    private final ScriptedProvider provider = new ScriptedProvider("fake", (request, listener, cancellation) -> {
        listener.onEvent(new ChatStreamEvent.TextDelta("Hel"));
        listener.onEvent(new ChatStreamEvent.TextDelta("lo"));
        return whole("Hello");
    });
    private final ModelCatalogService catalog = new ModelCatalogService(List.of(new ModelInfo("fake", "fake-1", null,
            Tier.STANDARD, 100_000, null, Set.of(), Prices.perMillion("2", "10", null), ModelInfo.Source.SEED)));
    private final ChatService chat = new ChatService(store, leases, new InMemoryAbortSignals(),
            Routers.answeringWith(List.of(provider), FAKE, catalog, "Be brief."),
            new ContextManager(new InMemoryCheckpoints(store),
                    new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), Clock.systemUTC()),
            new RetryPolicy(1, Duration.ofMillis(1), Duration.ofSeconds(1)), new RecordingCircuits(),
            catalog, Clock.systemUTC(), ChatServiceTest.NO_TOOLS, new InMemoryConversationMetrics(store),
            ChatServiceTest.NO_MEMORY, feed);
    private final ConversationWatchService watching = new ConversationWatchService(chat, feed, Duration.ofSeconds(30));

    {
        feed.onCatchUp(chat::catchUpRequested);
    }

    private static ProviderReply whole(String text) {
        return new ProviderReply(List.of(new ContentBlock.Text(text)), StopReason.END_TURN, new Usage(3, 2, 0), "fake-1",
                null);
    }

    /** The next reply says {@code before}, each counted on {@code said}, then waits for {@code goOn} to end. */
    private void pausingReply(List<String> before, CountDownLatch said, CountDownLatch goOn, String after) {
        provider.script((request, listener, cancellation) -> {
            for (String text : before) {
                listener.onEvent(new ChatStreamEvent.TextDelta(text));
                said.countDown();
            }
            try {
                assertTrue(goOn.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            listener.onEvent(new ChatStreamEvent.TextDelta(after));
            return whole(String.join("", before) + after);
        });
    }

    /** What a watching session was sent: its history's size, then every frame. */
    private static final class Seen implements WatchConversationUseCase.Watcher {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile ConversationView history;

        @Override
        public void history(ConversationView view) {
            assertTrue(frames.isEmpty(), "the history comes before any frame");
            history = view;
        }

        @Override
        public void frame(String frame) {
            frames.add(frame);
        }

        String text() {
            StringBuilder text = new StringBuilder();
            frames.stream().filter(f -> f.startsWith("delta:")).forEach(f -> text.append(f.substring("delta:".length())));
            return text.toString();
        }
    }

    private ConversationId started() {
        SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.empty(), "Hi", null), event -> { });
        return assertInstanceOf(SendOutcome.Replied.class, outcome).reply().conversationId();
    }

    private SendOutcome send(ConversationId id, String session) {
        return chat.send(new SendMessageCommand(alice, Optional.of(id), "Again", null).from(session), event -> { });
    }

    @Test
    void anExchangeNobodyWatchesPublishesNothing() {
        ConversationId id = started();
        send(id, "a");
        assertEquals(0, feed.published());
    }

    @Test
    void aWatcherIsSentEveryEventOfAnotherSessionsMessageInOrderAndNoneOfItsOwn() {
        ConversationId id = started();
        Seen b = new Seen();
        try (WatchConversationUseCase.Watch watch = watching.watch(alice, id, "b", b).orElseThrow()) {
            assertEquals(2, b.history.messages().size());

            send(id, "a");
            assertEquals(List.of("SessionInfo", "MessageStored", "ReplyStarted", "delta:Hel", "delta:lo", "ReplyEnded"),
                    b.frames);

            int published = feed.published();
            send(id, "b");
            assertEquals(6, b.frames.size(), "the session's own exchange is not sent to it again");
            assertEquals(published, feed.published(), "nor published at all: nobody else watches");
        }
        send(id, "a");
        assertEquals(6, b.frames.size(), "a closed watch hears nothing more");
    }

    @Test
    void aWatcherWhoComesMidAnswerGetsTheTextSoFarThenTheRestEachPieceOnce() throws Exception {
        ConversationId id = started();
        CountDownLatch twoHeard = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        pausingReply(List.of("one ", "two "), new CountDownLatch(2), goOn, "three");
        List<String> senderText = new CopyOnWriteArrayList<>();
        CompletableFuture<SendOutcome> sent = CompletableFuture.supplyAsync(() -> chat.send(
                new SendMessageCommand(alice, Optional.of(id), "Count", null).from("a"), event -> {
                    if (event instanceof dev.mosaic.application.event.ConversationEvent.ReplyDelta delta) {
                        senderText.add(delta.text());
                        if (senderText.size() == 2) {
                            twoHeard.countDown();
                        }
                    }
                }));
        assertTrue(twoHeard.await(30, TimeUnit.SECONDS));

        Seen b = new Seen();
        try (WatchConversationUseCase.Watch watch = watching.watch(alice, id, "b", b).orElseThrow()) {
            assertTrue(b.history.replyInProgress());
            assertEquals(List.of("ReplyStarted", "delta:one two "), b.frames, "the snapshot: the reply's start and its text so far");
            goOn.countDown();
            assertInstanceOf(SendOutcome.Replied.class, sent.get(30, TimeUnit.SECONDS));

            assertEquals(List.of("ReplyStarted", "delta:one two ", "delta:three", "ReplyEnded"), b.frames);
            assertEquals(String.join("", senderText), b.text());
        }
    }

    @Test
    void theSessionJustAnsweredFollowsWithoutReadingAndHearsTheNextExchangeOfAnotherSession() {
        ConversationId id = started();
        Seen a = new Seen();
        AtomicInteger reads = new AtomicInteger();
        GetConversationQuery counted = new GetConversationQuery() {
            @Override
            public Optional<ConversationView> get(UserId actor, ConversationId conversation) {
                reads.incrementAndGet();
                return chat.get(actor, conversation);
            }

            @Override
            public Optional<ConversationPage> get(UserId actor, ConversationId conversation, PageRequest page) {
                reads.incrementAndGet();
                return chat.get(actor, conversation, page);
            }

            @Override
            public boolean replyInProgress(UserId actor, ConversationId conversation) {
                return chat.replyInProgress(actor, conversation);
            }
        };
        try (WatchConversationUseCase.Watch watch = new ConversationWatchService(counted, feed, Duration.ofSeconds(30))
                .follow(alice, id, "a", a).orElseThrow()) {
            assertEquals(0, reads.get(), "the session has the conversation: nothing is read");
            assertEquals(null, a.history);
            send(id, "b");
            assertEquals(List.of("SessionInfo", "MessageStored", "ReplyStarted", "delta:Hel", "delta:lo", "ReplyEnded"),
                    a.frames);
        }
    }

    @Test
    void followingWhileAnotherSessionsReplyIsWrittenCatchesItUpLikeAWatch() throws Exception {
        ConversationId id = started();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        pausingReply(List.of("one "), started, goOn, "two");
        CompletableFuture<SendOutcome> sent = CompletableFuture.supplyAsync(() -> send(id, "b"));
        assertTrue(started.await(30, TimeUnit.SECONDS));

        Seen a = new Seen();
        try (WatchConversationUseCase.Watch watch = watching.follow(alice, id, "a", a).orElseThrow()) {
            assertTrue(a.history.replyInProgress(), "read as a watch, since a reply had begun");
            goOn.countDown();
            assertInstanceOf(SendOutcome.Replied.class, sent.get(30, TimeUnit.SECONDS));
            assertEquals("one two", a.text());
        }
    }

    @Test
    void anotherUsersConversationCannotBeWatchedAndIsRefusedAsAnUnknownOne() {
        ConversationId id = started();
        Seen bob = new Seen();
        assertTrue(watching.watch(UserId.random(), id, "b", bob).isEmpty());
        assertTrue(watching.watch(alice, ConversationId.random(), "b", bob).isEmpty());
        send(id, "a");
        assertTrue(bob.frames.isEmpty());
        assertEquals(0, feed.published(), "a refused watch does not count as a watcher");
    }

    @Test
    void deltasThatArriveBeforeTheSnapshotAreHeldAndThoseItStandsForAreLeftOut() {
        Seen b = new Seen();
        ConversationWatchService.Follower follower = new ConversationWatchService.Follower("b", b);
        MessageId reply = MessageId.random();
        follower.read(new ConversationView(store.find(alice, started()).orElseThrow(), List.of(), true));
        for (int seq = 0; seq < 4; seq++) {
            follower.on(new ConversationFeed.Published("a", reply, seq, "delta:" + seq));
        }
        follower.on(new ConversationFeed.Published("b", null, -1, "mine"));
        assertTrue(b.frames.isEmpty(), "held until the snapshot");

        follower.on(new ConversationFeed.Snapshot("c", reply, 4, List.of("not mine")));
        follower.on(new ConversationFeed.Snapshot("b", reply, 2, List.of("ReplyStarted", "delta:01")));
        follower.on(new ConversationFeed.Published("a", reply, 4, "delta:4"));

        assertEquals(List.of("ReplyStarted", "delta:01", "delta:2", "delta:3", "delta:4"), new ArrayList<>(b.frames));
    }
}
