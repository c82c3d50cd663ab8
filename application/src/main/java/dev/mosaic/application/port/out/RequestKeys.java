package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency keys per owner and channel, each claimed once and then holding its answer until it
 * expires, with a digest of the request it was claimed for.
 */
public interface RequestKeys {

    /** What an earlier claim of the key left: still running, or the answer it stored. */
    sealed interface Earlier {
        String request();

        record Running(String request) implements Earlier {}

        record Answered(String request, ConversationId conversation, MessageId answer) implements Earlier {}
    }

    /** Claims the key, atomically; empty when this call claimed it, else what the claim before it left. */
    Optional<Earlier> claim(UserId owner, String channel, String key, String request, Duration ttl);

    void answered(UserId owner, String channel, String key, Earlier.Answered answered, Duration ttl);

    void release(UserId owner, String channel, String key);
}
