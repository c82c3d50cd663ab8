package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;

/** What was asked and which model answered it, for replaying routing over past traffic. Reads only. */
public interface RoutingHistory {

    /**
     * A user's message and the reply that followed it.
     *
     * @param provider the provider that answered, or null when no reply followed
     */
    record Exchange(Instant askedAt, String question, String provider, String model, Usage usage) {}

    /** The actor's messages since {@code since}, oldest first, each with the reply that followed it. */
    List<Exchange> exchangesSince(UserId actor, Instant since);

    /** Every user who sent a message since {@code since}; for operators replaying everyone's traffic. */
    List<UserId> askersSince(Instant since);
}
