package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import dev.mosaic.application.port.in.RepeatedRequestsUseCase;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.port.out.RequestKeys;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Idempotency keys: the first request with a key is answered; the later ones get that answer. */
public final class RepeatedRequestsService implements RepeatedRequestsUseCase {

    /** How long an answer is kept for the retries of its request. */
    static final Duration KEPT = Duration.ofDays(1);
    /** A claim outlives any answer; a gateway that stopped mid-answer leaves one that expires. */
    static final Duration RUNNING = Duration.ofMinutes(15);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final RequestKeys keys;
    private final Conversations conversations;

    public RepeatedRequestsService(RequestKeys keys, Conversations conversations) {
        this.keys = Objects.requireNonNull(keys);
        this.conversations = Objects.requireNonNull(conversations);
    }

    @Override
    public Seen first(UserId actor, String channel, String key, String question) {
        if (!KEY.matcher(key).matches()) {
            return new Seen.Refused(Rejection.invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters"));
        }
        String request = digest(question);
        return keys.claim(actor, channel, key, request, RUNNING).map(earlier -> seen(actor, earlier, request))
                .orElseGet(Seen.First::new);
    }

    private Seen seen(UserId actor, RequestKeys.Earlier earlier, String request) {
        if (!earlier.request().equals(request)) {
            return new Seen.Refused(Rejection.invalid("Idempotency-Key", "was sent before with another message;"
                    + " a retry sends the same request again, a new request has a new key"));
        }
        return switch (earlier) {
            case RequestKeys.Earlier.Running running -> new Seen.Running();
            case RequestKeys.Earlier.Answered(String asked, ConversationId conversation, MessageId answer) -> conversations
                    .messages(actor, conversation).stream().filter(m -> m.id().equals(answer)).findFirst()
                    .<Seen>map(message -> new Seen.Answered(conversation, message))
                    // The conversation was deleted since: the answer is gone, and so is the key's use.
                    .orElseGet(() -> new Seen.Refused(new Rejection(ErrorCode.NOT_FOUND,
                            "the answer to the first request with this Idempotency-Key was deleted", "Idempotency-Key")));
        };
    }

    @Override
    public void answered(UserId actor, String channel, String key, String question, ConversationId conversation,
            MessageId answer) {
        keys.answered(actor, channel, key, new RequestKeys.Earlier.Answered(digest(question), conversation, answer), KEPT);
    }

    /** A digest of the question rather than the question, which Redis need not hold. */
    private static String digest(String question) {
        return ConversationContinuityService.digest(List.of(new Turn("user", question)));
    }

    @Override
    public void refused(UserId actor, String channel, String key) {
        keys.release(actor, channel, key);
    }
}
