package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ContinueConversationUseCase;
import dev.mosaic.application.port.out.ConversationDigests;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Matches a resent history to its conversation by a digest of the stored turns, remembered after
 * each answer: one lookup, scoped to the owner and the channel, then one read to confirm that the
 * stored turns are the history indeed. A history that two conversations share, or none, matches
 * nothing, and the message starts a new conversation.
 */
public final class ConversationContinuityService implements ContinueConversationUseCase {

    /** How long a history finds its conversation after its last answer. */
    static final Duration REMEMBERED = Duration.ofDays(7);

    private final Conversations conversations;
    private final ConversationDigests digests;

    public ConversationContinuityService(Conversations conversations, ConversationDigests digests) {
        this.conversations = Objects.requireNonNull(conversations);
        this.digests = Objects.requireNonNull(digests);
    }

    @Override
    public Optional<ConversationId> continued(UserId actor, String channel, List<Turn> earlier) {
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        List<ConversationId> matching = digests.find(actor, channel, digest(earlier)).stream()
                .filter(id -> holds(actor, id, earlier))
                .toList();
        return matching.size() == 1 ? Optional.of(matching.getFirst()) : Optional.empty();
    }

    @Override
    public boolean holds(UserId actor, ConversationId conversation, List<Turn> earlier) {
        // Another user's conversation reads as empty, so it never holds a history.
        return conversations.find(actor, conversation).isPresent()
                && turns(conversations.messages(actor, conversation)).equals(earlier);
    }

    @Override
    public void answered(UserId actor, String channel, ConversationId conversation) {
        digests.remember(actor, channel, digest(turns(conversations.messages(actor, conversation))), conversation,
                REMEMBERED);
    }

    /** The turns a client sees of stored messages: its own and the text of the answers, not tool rounds. */
    static List<Turn> turns(List<Message> messages) {
        return messages.stream()
                .filter(m -> m.role() != Role.TOOL && !m.text().isEmpty())
                .map(m -> new Turn(m.role() == Role.USER ? "user" : "assistant", m.text()))
                .toList();
    }

    /** Each turn's role and text with their lengths, so that no two histories run together into one. */
    static String digest(List<Turn> turns) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Turn turn : turns) {
                for (String part : List.of(turn.role(), turn.text())) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
                    sha.update(bytes);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
