package dev.mosaic.application.view;

import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.routing.RoutingDecision;
import java.time.Instant;

/** An assistant reply and the routing decision that chose its model. */
public record RoutedReply(MessageId messageId, Instant createdAt, String provider, String model, RoutingDecision decision) {}
