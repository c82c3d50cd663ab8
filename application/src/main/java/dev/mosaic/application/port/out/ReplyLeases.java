package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/**
 * At most one reply is produced per conversation at a time, across every gateway instance. The
 * holder keeps its lease alive while it works; a lease whose holder died expires by itself, which
 * is also how a reply cut off by a crash is recognised.
 */
public interface ReplyLeases {

    /** Empty when another reply holds the conversation. */
    Optional<Lease> acquire(UserId owner, ConversationId conversation);

    boolean isHeld(UserId owner, ConversationId conversation);

    /** A held lease, kept alive until closed. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
