package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link AbortSignals} must do; a signal may take a moment to arrive, so tests wait for it. */
public abstract class AbortSignalsContract {

    /** Each call is another gateway instance's view of the same signals. */
    protected abstract AbortSignals instance();

    private record Received(UserId owner, ConversationId conversation) {}

    private static Received next(BlockingQueue<Received> queue) throws InterruptedException {
        return queue.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void aSignalReachesEveryInstanceThatListens() throws Exception {
        BlockingQueue<Received> first = new LinkedBlockingQueue<>();
        BlockingQueue<Received> second = new LinkedBlockingQueue<>();
        UserId owner = UserId.random();
        ConversationId conversation = ConversationId.random();
        try (AbortSignals.Subscription a = instance().subscribe((o, c) -> first.add(new Received(o, c)));
                AbortSignals.Subscription b = instance().subscribe((o, c) -> second.add(new Received(o, c)))) {
            instance().publish(owner, conversation);

            for (BlockingQueue<Received> queue : List.of(first, second)) {
                Received received = next(queue);
                while (received != null && !received.owner().equals(owner)) {
                    received = next(queue); // another test's signal
                }
                assertEquals(new Received(owner, conversation), received);
            }
        }
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws Exception {
        BlockingQueue<Received> closed = new LinkedBlockingQueue<>();
        BlockingQueue<Received> open = new LinkedBlockingQueue<>();
        UserId owner = UserId.random();
        AbortSignals.Subscription gone = instance().subscribe((o, c) -> closed.add(new Received(o, c)));
        gone.close();
        try (AbortSignals.Subscription listening = instance().subscribe((o, c) -> open.add(new Received(o, c)))) {
            instance().publish(owner, ConversationId.random());

            Received received = next(open);
            while (received != null && !received.owner().equals(owner)) {
                received = next(open);
            }
            assertEquals(owner, received == null ? null : received.owner(), "the open subscription heard it");
            // Delivered to every subscriber at once: had the closed one still listened, it would have it by now.
            assertNull(closed.stream().filter(r -> r.owner().equals(owner)).findFirst().orElse(null));
        }
    }
}
