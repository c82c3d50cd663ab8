package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ContinueConversationUseCase;
import dev.mosaic.application.port.out.ConversationDigests;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.Reply;
import dev.mosaic.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

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
    private final Predicate<String> gatewayHandles;

    /** @param gatewayHandles whether the gateway takes care of a tool's calls itself; the client sees only the others */
    public ConversationContinuityService(Conversations conversations, ConversationDigests digests,
            Predicate<String> gatewayHandles) {
        this.conversations = Objects.requireNonNull(conversations);
        this.digests = Objects.requireNonNull(digests);
        this.gatewayHandles = Objects.requireNonNull(gatewayHandles);
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
                && turns(conversations.messages(actor, conversation), gatewayHandles).equals(earlier);
    }

    @Override
    public void answered(UserId actor, String channel, ConversationId conversation) {
        digests.remember(actor, channel, digest(turns(conversations.messages(actor, conversation), gatewayHandles)), conversation,
                REMEMBERED);
    }

    /**
     * The turns a client sees of stored messages: its own, the text of the answers and the calls of
     * its tools with its results for them; not the rounds of the tools the gateway ran itself.
     */
    static List<Turn> turns(List<Message> messages, Predicate<String> gatewayHandles) {
        List<Turn> turns = new ArrayList<>();
        Set<String> shown = Set.of();
        for (Message m : messages) {
            switch (m.role()) {
                case USER -> {
                    if (!m.text().isEmpty()) {
                        turns.add(new Turn("user", m.text()));
                    }
                }
                case ASSISTANT -> {
                    List<String> calls = Reply.of(m).clientCalls(gatewayHandles).stream()
                            .map(ContentBlock.ToolCall::id).toList();
                    shown = Set.copyOf(calls);
                    if (!m.text().isEmpty() || !calls.isEmpty()) {
                        turns.add(new Turn("assistant", m.text(), calls));
                    }
                }
                case TOOL -> {
                    List<String> answered = m.content().stream().filter(ContentBlock.ToolResult.class::isInstance)
                            .map(b -> ((ContentBlock.ToolResult) b).toolCallId()).filter(shown::contains).toList();
                    if (!answered.isEmpty()) {
                        turns.add(new Turn("tool", "", answered));
                    }
                }
            }
        }
        return turns;
    }

    /**
     * Each turn's role, text and tool call ids with their lengths, so that no two histories run
     * together into one.
     */
    static String digest(List<Turn> turns) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Turn turn : turns) {
                for (String part : Stream.concat(Stream.of(turn.role(), turn.text()), turn.toolCallIds().stream())
                        .toList()) {
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
