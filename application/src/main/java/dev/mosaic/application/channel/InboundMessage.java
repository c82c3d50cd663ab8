package dev.mosaic.application.channel;

import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's message, as every channel hands it to the gateway: already attributed to a Mosaic
 * user, with the channel's own facts about it kept aside as metadata. Checked when made, so that a
 * channel cannot pass on what the gateway would have to refuse later.
 *
 * @param channel the name of the channel it came through
 * @param conversation the conversation it continues; empty starts a new one
 * @param content what the person wrote: text blocks only (thinking, tool calls and results are the
 *     gateway's own), together not blank and valid Unicode
 * @param requestId the channel's id for this message (a WebSocket requestId, a Matrix event id),
 *     echoed back with the events of its reply; may be null
 * @param metadata the channel's facts (thread, reply-to, sender's display name), under keys
 *     {@code <channel>.<name>}; never shown to the model
 */
public record InboundMessage(String channel, UserId sender, Optional<ConversationId> conversation,
        List<ContentBlock> content, String requestId, Map<String, String> metadata) {

    static final int MAX_METADATA = 32;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

    public InboundMessage {
        ChannelUser.requireChannelName(channel);
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(conversation, "conversation");
        content = List.copyOf(content);
        metadata = Map.copyOf(metadata);
        for (ContentBlock block : content) {
            if (!(block instanceof ContentBlock.Text(String text))) {
                throw new IllegalArgumentException("a person's message holds text only, not "
                        + block.getClass().getSimpleName());
            }
            if (!isWellFormed(text)) {
                throw new IllegalArgumentException(
                        "text must be valid Unicode: a lone surrogate (such as \\ud800) is not a character");
            }
        }
        if (content.stream().allMatch(block -> ((ContentBlock.Text) block).text().isBlank())) {
            throw new IllegalArgumentException("message text must not be empty");
        }
        if (metadata.size() > MAX_METADATA) {
            throw new IllegalArgumentException("at most " + MAX_METADATA + " metadata entries");
        }
        String prefix = channel + ".";
        for (String key : metadata.keySet()) {
            if (!key.startsWith(prefix) || !NAME.matcher(key.substring(prefix.length())).matches()) {
                throw new IllegalArgumentException("metadata key " + key + " is not " + prefix + "<name>");
            }
        }
    }

    /** A message of one text, with no metadata. */
    public static InboundMessage text(String channel, UserId sender, Optional<ConversationId> conversation,
            String text, String requestId) {
        return new InboundMessage(channel, sender, conversation, List.of(new ContentBlock.Text(text == null ? "" : text)),
                requestId, Map.of());
    }

    /** The text the model reads: the blocks, one paragraph each. */
    public String text() {
        return content.stream().map(block -> ((ContentBlock.Text) block).text()).collect(Collectors.joining("\n\n"));
    }

    /** The gateway's command for it, with the tools the sending client runs itself. */
    public SendMessageCommand toCommand(ClientToolListener clientTools) {
        return new SendMessageCommand(sender, conversation, text(), requestId, clientTools);
    }

    /**
     * Whether the text is Unicode: JSON can carry a lone UTF-16 surrogate as an escape
     * ({@code "\ud800"}), which has no UTF-8 form and which PostgreSQL would store as {@code ?}.
     */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
