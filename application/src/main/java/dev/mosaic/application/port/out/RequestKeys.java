package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.Optional;

/** Idempotency keys per owner and channel, each claimed once and then holding its answer until it expires. */
public interface RequestKeys {

    /** What an earlier claim of the key left: still running, or the answer it stored. */
    sealed interface Earlier {
        record Running() implements Earlier {}

        record Answered(ConversationId conversation, MessageId answer) implements Earlier {}
    }

    /** Claims the key, atomically; empty when this call claimed it, else what the claim before it left. */
    Optional<Earlier> claim(UserId owner, String channel, String key, Duration ttl);

    void answered(UserId owner, String channel, String key, ConversationId conversation, MessageId answer, Duration ttl);

    void release(UserId owner, String channel, String key);
}
