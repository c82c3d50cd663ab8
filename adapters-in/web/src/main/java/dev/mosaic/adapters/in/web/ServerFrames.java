package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.CommandResult;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.routing.DecisionTree;
import dev.mosaic.domain.user.UserId;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** Builds the gateway's frames (docs/protocol/websocket.md, shapes in {@link WireFrames}) and writes JSON bodies. */
final class ServerFrames {
    static final int PROTOCOL_VERSION = 1;

    private final ObjectMapper json;

    ServerFrames(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    String ready(UserId user, int maxFrameBytes) {
        return write(new WireFrames.Ready(PROTOCOL_VERSION, user.toString(), maxFrameBytes));
    }

    String pong() {
        return write(new WireFrames.Pong());
    }

    String error(Rejection rejection, String requestId, ConversationId conversation) {
        return write(errorFrame(rejection, requestId, conversation));
    }

    WireFrames.Error errorFrame(Rejection rejection, String requestId, ConversationId conversation) {
        return new WireFrames.Error(rejection.code().wireName(), rejection.message(), rejection.field(), requestId,
                conversation == null ? null : conversation.toString());
    }

    String commandResult(CommandResult result) {
        return write(new WireFrames.CommandResult(result.command(), result.text(), tree(result.data())));
    }

    String history(ConversationView view) {
        return write(new WireFrames.History(view.conversation().id().toString(), view.conversation().title(),
                view.replyInProgress(), view.messages().stream().map(WireFrames.MessageBody::of).toList()));
    }

    String event(ConversationEvent event) {
        if (event instanceof ConversationEvent.ReplyDelta delta && delta.kind() != ConversationEvent.DeltaKind.TOOL_CALL) {
            return textDelta(delta);
        }
        return write(switch (event) {
            case ConversationEvent.SessionInfo info -> new WireFrames.SessionInfo(info.conversationId().toString(),
                    info.provider(), info.model(), WireFrames.AgentBody.of(info.agent()), info.reason(), info.simulated(),
                    info.contextWindow(),
                    info.routing() == null ? null : tree(DecisionTree.write(info.routing())));
            case ConversationEvent.RoutingFailover failover -> new WireFrames.RoutingFailover(
                    failover.conversationId().toString(), failover.messageId().toString(), failover.from().toString(),
                    failover.to().toString(), failover.cause());
            case ConversationEvent.MessageStored stored -> new WireFrames.MessageStored(
                    stored.conversationId().toString(), stored.message().id().toString(), stored.message().text(),
                    stored.requestId());
            case ConversationEvent.ReplyStarted started -> new WireFrames.MessageStart(
                    started.conversationId().toString(), started.messageId().toString(), started.provider(),
                    started.model());
            case ConversationEvent.ReplyDelta delta -> {
                boolean toolCall = delta.kind() == ConversationEvent.DeltaKind.TOOL_CALL;
                yield new WireFrames.MessageDelta(delta.conversationId().toString(), delta.messageId().toString(),
                        WireFrames.lowerCase(delta.kind()), delta.text(), toolCall ? delta.toolCallIndex() : null,
                        toolCall && delta.toolCallId() != null
                                ? new WireFrames.ToolCallStart(delta.toolCallId(), delta.toolName()) : null);
            }
            case ConversationEvent.ContextCompacted compacted -> new WireFrames.ContextCompacted(
                    compacted.conversationId().toString(), compacted.summarized(), compacted.messagesCovered(),
                    compacted.tokensBefore(), compacted.tokensAfter(), compacted.contextWindow(),
                    compacted.summarizerModel(), compacted.note());
            case ConversationEvent.ReplyEnded ended -> new WireFrames.MessageEnd(ended.conversationId().toString(),
                    ended.message().id().toString(), ended.continues(), WireFrames.lowerCase(ended.message().status()),
                    WireFrames.GenerationBody.of(ended.message().generation()));
            case ConversationEvent.ToolStarted started -> new WireFrames.ToolStart(started.conversationId().toString(),
                    started.messageId().toString(), started.callId(), started.name(), started.arguments(),
                    started.onClient() ? "client" : "gateway");
            case ConversationEvent.ToolEnded ended -> new WireFrames.ToolEnd(ended.conversationId().toString(),
                    ended.callId(), ended.name(), ended.isError(), ended.summary(), ended.took().toMillis());
            case ConversationEvent.MemoryRecalled recalled -> new WireFrames.ContextMemory(
                    recalled.conversationId().toString(), recalled.preferences(), recalled.insights().stream()
                            .map(i -> new WireFrames.RecalledInsight(i.id(), i.text(), i.similarity())).toList(),
                    recalled.unavailable());
            case ConversationEvent.ToolStepLimitReached limit -> errorFrame(new Rejection(ErrorCode.TOOL_STEP_LIMIT,
                    "the agent asked for tools " + limit.limit() + " times in a row, its limit; the last calls were not "
                            + "run. Send a message to let it go on."), null, limit.conversationId());
        });
    }

    String toolCall(ConversationId conversation, String callId, String name, String arguments) {
        return write(new WireFrames.ToolCallRequest(conversation.toString(), callId, name, arguments));
    }

    String toolsOffered(List<String> accepted, List<WireFrames.Refusal> refused) {
        return write(new WireFrames.ToolsOffered(accepted, refused));
    }

    /** JSON text the gateway itself holds (a tool's schema) as a tree. */
    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A domain tree (maps, lists, strings, numbers, booleans) as JSON. */
    JsonNode tree(Object tree) {
        return json.valueToTree(tree);
    }

    /**
     * The frame of a piece of text or reasoning, written straight out: a reply sends one per delta,
     * and building a tree for each cost more than the rest of the relay.
     */
    private String textDelta(ConversationEvent.ReplyDelta delta) {
        StringWriter out = new StringWriter(128 + delta.text().length());
        try (JsonGenerator frame = json.getFactory().createGenerator(out)) {
            frame.writeStartObject();
            frame.writeStringField("type", "message:delta");
            frame.writeStringField("conversationId", delta.conversationId().toString());
            frame.writeStringField("messageId", delta.messageId().toString());
            frame.writeStringField("kind", delta.kind().name().toLowerCase(Locale.ROOT));
            frame.writeStringField("text", delta.text());
            frame.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A frame or a REST body as JSON text. */
    String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
