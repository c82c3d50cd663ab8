package dev.mosaic.application.port.in;

import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Say something in a conversation, or start a new one when no id is given; or bring the results a
 * conversation's last reply awaits from the client.
 *
 * @param requestId the client's own id for this message, echoed back so it can match replies; may be null
 * @param clientTools the tools the sending client runs itself, asked over its connection while the reply waits
 * @param origin the sending client session, which the conversation's watchers are not sent the events of
 *     again (it has them); null when the sender watches nothing
 * @param model the model that answers this message only, over the conversation's pin and routing; null lets them decide
 * @param declaredTools the tools a client declares with this request and runs between requests: a reply that
 *     calls one ends the exchange, awaiting the client's results in its next request
 * @param results the client's results for the calls the conversation's last reply awaits, in their order;
 *     when given, they are the message, and {@code text} is their content
 */
public record SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId,
        ClientToolListener clientTools, String origin, RouteTarget model, List<ToolSpec> declaredTools,
        List<ContentBlock.ToolResult> results) {
    public SendMessageCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(conversationId, "conversationId");
        results = results == null ? List.of() : List.copyOf(results);
        declaredTools = declaredTools == null ? List.of() : List.copyOf(declaredTools);
        if (results.isEmpty() && (text == null || text.isBlank())) {
            throw new IllegalArgumentException("message text must not be empty");
        }
        if (!results.isEmpty() && conversationId.isEmpty()) {
            throw new IllegalArgumentException("tool results answer the calls of a conversation's last reply;"
                    + " no conversation was found for them");
        }
        clientTools = clientTools == null ? ClientToolListener.NONE : clientTools;
    }

    /** A message from a client that watches no conversation. */
    public SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId,
            ClientToolListener clientTools) {
        this(actor, conversationId, text, requestId, clientTools, null, null, List.of(), List.of());
    }

    /** A message from a client that offers no tools. */
    public SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId) {
        this(actor, conversationId, text, requestId, ClientToolListener.NONE);
    }

    /** The results a client brings for the calls the conversation's last reply awaits. */
    public static SendMessageCommand results(UserId actor, Optional<ConversationId> conversation,
            List<ContentBlock.ToolResult> results, String requestId) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("tool results are expected");
        }
        return new SendMessageCommand(actor, conversation, results.stream().map(ContentBlock.ToolResult::content)
                .collect(Collectors.joining("\n\n")), requestId, ClientToolListener.NONE, null, null, List.of(), results);
    }

    /** The same message, sent from a client session that watches its conversation. */
    public SendMessageCommand from(String session) {
        return new SendMessageCommand(actor, conversationId, text, requestId, clientTools, session, model, declaredTools,
                results);
    }

    /** The same message, answered by {@code pinned} (null: by the conversation's pin or routing). */
    public SendMessageCommand answeredBy(RouteTarget pinned) {
        return new SendMessageCommand(actor, conversationId, text, requestId, clientTools, origin, pinned, declaredTools,
                results);
    }

    /** The same message, with the tools its client declares and runs between requests. */
    public SendMessageCommand declaring(List<ToolSpec> tools) {
        return new SendMessageCommand(actor, conversationId, text, requestId, clientTools, origin, model, tools, results);
    }

    /** Whether the message is the client's tool results rather than text. */
    public boolean bringsResults() {
        return !results.isEmpty();
    }
}
