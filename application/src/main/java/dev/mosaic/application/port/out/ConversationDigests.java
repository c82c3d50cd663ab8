package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.Set;

/**
 * The conversations whose stored turns have a given digest, per owner and channel, so that a
 * resent history finds its conversation in one lookup. Entries expire: an old history starts anew.
 */
public interface ConversationDigests {

    void remember(UserId owner, String channel, String digest, ConversationId conversation, Duration ttl);

    /** Every conversation remembered under the digest for this owner and channel; empty when none. */
    Set<ConversationId> find(UserId owner, String channel, String digest);
}
