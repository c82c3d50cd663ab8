package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Tag;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    @Test
    void theCostOfPricedRepliesAddsUp() {
        // The registry is the process's: a model of this test's own keeps its series apart.
        String model = "priced-" + UUID.randomUUID();
        GatewayMetrics metrics = new GatewayMetrics(List.of());
        metrics.replied(reply(model, new BigDecimal("0.25")));
        metrics.replied(reply(model, new BigDecimal("0.125")));
        metrics.replied(reply(model, null));

        DistributionSummary cost = metrics.registry().summary("mosaic.reply.cost",
                List.of(Tag.create("provider", "openai"), Tag.create("model", model))).orElseThrow();
        assertEquals(2, cost.count(), "a reply at unknown prices has no cost to add");
        assertEquals(0.375, cost.totalAmount());
    }

    private static Message reply(String model, BigDecimal cost) {
        Instant now = Instant.parse("2026-11-01T10:00:00Z");
        return Message.assistantStarted(Conversation.start(UserId.random(), "hello", now), "openai", model, now)
                .withProgress(List.of(new ContentBlock.Text("hi")), new Generation("openai", model, new Usage(10, 2, 0),
                        StopReason.END_TURN, Duration.ofMillis(100), Duration.ofMillis(400), null, cost),
                        MessageStatus.COMPLETE);
    }
}
