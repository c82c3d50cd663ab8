package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.CommandResult;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.AgentRef;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageError;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The frames exactly as docs/protocol/websocket.md shows them: field names, order, and what is left out. */
class ServerFramesTest {
    private static final UserId USER = new UserId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final ConversationId CONVERSATION = new ConversationId(UUID.fromString("00000000-0000-0000-0000-00000000000c"));
    private static final MessageId MESSAGE = new MessageId(UUID.fromString("00000000-0000-0000-0000-00000000000d"));
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final String IDS = "\"conversationId\":\"00000000-0000-0000-0000-00000000000c\","
            + "\"messageId\":\"00000000-0000-0000-0000-00000000000d\"";

    private final ServerFrames frames = new ServerFrames(WebJson.mapper());

    @Test
    void readyPongAndErrors() {
        assertEquals("{\"type\":\"ready\",\"protocolVersion\":1,\"userId\":\"00000000-0000-0000-0000-00000000000a\","
                + "\"maxFrameBytes\":65536}", frames.ready(USER, 65536));
        assertEquals("{\"type\":\"pong\"}", frames.pong());
        assertEquals("{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"conversation not found\"}",
                frames.error(Rejection.notFound("conversation"), null, null));
        assertEquals("{\"type\":\"error\",\"code\":\"invalid_input\",\"message\":\"is required\",\"field\":\"text\","
                + "\"requestId\":\"r1\",\"conversationId\":\"00000000-0000-0000-0000-00000000000c\"}",
                frames.error(new Rejection(ErrorCode.INVALID_INPUT, "is required", "text"), "r1", CONVERSATION));
    }

    @Test
    void commandResultCarriesItsDataAsGiven() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pinned", null);
        data.put("models", List.of("a", "b"));
        data.put("price", new BigDecimal("1.50"));
        assertEquals("{\"type\":\"command:result\",\"command\":\"model\",\"text\":\"t\","
                + "\"data\":{\"pinned\":null,\"models\":[\"a\",\"b\"],\"price\":1.5}}",
                frames.commandResult(new CommandResult("model", "t", data)));
    }

    @Test
    void events() {
        assertEquals("{\"type\":\"session:info\",\"conversationId\":\"00000000-0000-0000-0000-00000000000c\","
                + "\"provider\":\"p\",\"model\":\"m\",\"agent\":null,\"reason\":\"why\",\"simulated\":false,\"contextWindow\":8000}",
                frames.event(new ConversationEvent.SessionInfo(CONVERSATION, "p", "m", "why", false, 8000, null, null)));
        AgentRef agent = new AgentRef(new AgentId(new UUID(0, 0xa)), "coding-agent", 2);
        assertTrue(frames.event(new ConversationEvent.SessionInfo(CONVERSATION, "p", "m", "why", false, 8000, null, agent))
                .contains("\"agent\":{\"id\":\"00000000-0000-0000-0000-00000000000a\",\"name\":\"coding-agent\",\"version\":2}"));
        assertEquals("{\"type\":\"routing:failover\"," + IDS + ",\"from\":\"p/a\",\"to\":\"q/b\",\"cause\":\"down\"}",
                frames.event(new ConversationEvent.RoutingFailover(CONVERSATION, MESSAGE, new RouteTarget("p", "a"),
                        new RouteTarget("q", "b"), "down")));
        assertEquals("{\"type\":\"message:start\"," + IDS + ",\"provider\":\"p\",\"model\":\"m\"}",
                frames.event(new ConversationEvent.ReplyStarted(CONVERSATION, MESSAGE, "p", "m")));
        assertEquals("{\"type\":\"message:delta\"," + IDS + ",\"kind\":\"text\",\"text\":\"hi\"}",
                frames.event(new ConversationEvent.ReplyDelta(CONVERSATION, MESSAGE, ConversationEvent.DeltaKind.TEXT,
                        "hi", 0, null, null)));
        assertEquals("{\"type\":\"message:delta\"," + IDS + ",\"kind\":\"tool_call\",\"text\":\"{\",\"toolCallIndex\":0,"
                + "\"toolCallId\":\"c1\",\"toolName\":\"search\"}",
                frames.event(new ConversationEvent.ReplyDelta(CONVERSATION, MESSAGE, ConversationEvent.DeltaKind.TOOL_CALL,
                        "{", 0, "c1", "search")));
        assertEquals("{\"type\":\"message:delta\"," + IDS + ",\"kind\":\"tool_call\",\"text\":\"}\",\"toolCallIndex\":1}",
                frames.event(new ConversationEvent.ReplyDelta(CONVERSATION, MESSAGE, ConversationEvent.DeltaKind.TOOL_CALL,
                        "}", 1, null, null)));
        assertEquals("{\"type\":\"context:compacted\",\"conversationId\":\"00000000-0000-0000-0000-00000000000c\","
                + "\"summarized\":true,\"messagesCovered\":4,\"tokensBefore\":9000,\"tokensAfter\":3000,"
                + "\"contextWindow\":8000,\"summarizerModel\":null,\"note\":\"n\"}",
                frames.event(new ConversationEvent.ContextCompacted(CONVERSATION, true, 4, 9000, 3000, 8000, null, "n")));
    }

    @Test
    void storedAndEndedMessages() {
        Message user = message(Role.USER, List.of(new ContentBlock.Text("hello")), null);
        assertEquals("{\"type\":\"message:stored\"," + IDS + ",\"text\":\"hello\"}",
                frames.event(new ConversationEvent.MessageStored(CONVERSATION, user, null)));
        assertEquals("{\"type\":\"message:stored\"," + IDS + ",\"text\":\"hello\",\"requestId\":\"r1\"}",
                frames.event(new ConversationEvent.MessageStored(CONVERSATION, user, "r1")));

        Generation streaming = new Generation("p", "m", new Usage(10, 0, 0), null, null, null, null);
        assertEquals("{\"type\":\"message:end\"," + IDS + ",\"continues\":false,\"status\":\"complete\",\"provider\":\"p\",\"model\":\"m\","
                + "\"usage\":{\"inputTokens\":10,\"outputTokens\":0,\"cachedInputTokens\":0,\"estimated\":false},"
                + "\"costUsd\":null,\"timing\":{\"timeToFirstTokenMs\":null,\"durationMs\":null}}",
                frames.event(new ConversationEvent.ReplyEnded(CONVERSATION, message(Role.ASSISTANT, List.of(), streaming), false)));

        Generation failed = new Generation("p", "m", new Usage(10, 5, 2), StopReason.ERROR, Duration.ofMillis(120),
                Duration.ofMillis(900), new MessageError("provider_unavailable", "gone"), new BigDecimal("0.00150"));
        assertEquals("{\"type\":\"message:end\"," + IDS + ",\"continues\":true,\"status\":\"complete\",\"provider\":\"p\",\"model\":\"m\","
                + "\"stopReason\":\"error\","
                + "\"usage\":{\"inputTokens\":10,\"outputTokens\":5,\"cachedInputTokens\":2,\"estimated\":false},"
                + "\"costUsd\":0.0015,\"timing\":{\"timeToFirstTokenMs\":120,\"durationMs\":900},"
                + "\"error\":{\"code\":\"provider_unavailable\",\"message\":\"gone\"}}",
                frames.event(new ConversationEvent.ReplyEnded(CONVERSATION, message(Role.ASSISTANT, List.of(), failed), true)));
    }

    @Test
    void toolFrames() {
        assertEquals("{\"type\":\"tool:start\"," + IDS + ",\"callId\":\"t1\",\"name\":\"read_file\","
                + "\"arguments\":\"{\\\"path\\\":\\\"a\\\"}\",\"runsOn\":\"client\"}",
                frames.event(new ConversationEvent.ToolStarted(CONVERSATION, MESSAGE, "t1", "read_file",
                        "{\"path\":\"a\"}", true)));
        assertEquals("{\"type\":\"tool:end\",\"conversationId\":\"00000000-0000-0000-0000-00000000000c\","
                + "\"callId\":\"t1\",\"name\":\"read_file\",\"isError\":false,\"summary\":\"# Mosaic\",\"durationMs\":12}",
                frames.event(new ConversationEvent.ToolEnded(CONVERSATION, "t1", "read_file", false, "# Mosaic",
                        Duration.ofMillis(12))));
        assertEquals("{\"type\":\"tool:call\",\"conversationId\":\"00000000-0000-0000-0000-00000000000c\","
                + "\"callId\":\"t1\",\"name\":\"grep\",\"arguments\":\"{}\"}",
                frames.toolCall(CONVERSATION, "t1", "grep", "{}"));
        assertEquals("{\"type\":\"tools:offered\",\"accepted\":[\"grep\"],\"refused\":[{\"name\":\"x\",\"reason\":\"no\"}]}",
                frames.toolsOffered(List.of("grep"), List.of(new WireFrames.Refusal("x", "no"))));
        assertTrue(frames.event(new ConversationEvent.ToolStepLimitReached(CONVERSATION, 20))
                .startsWith("{\"type\":\"error\",\"code\":\"tool_step_limit\","));
    }

    @Test
    void historyWithEveryKindOfContent() {
        Conversation conversation = new Conversation(CONVERSATION, USER, null, AT, null);
        Message assistant = message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("hm", "sig"),
                new ContentBlock.Text("hi"), new ContentBlock.ToolCall("c1", "search", "{\"q\":1}"),
                new ContentBlock.ToolResult("c1", "found", true)),
                new Generation("p", "m", Usage.estimated(3, 4), StopReason.END_TURN, null, Duration.ofSeconds(2), null,
                        new BigDecimal("2")));
        assertEquals("{\"type\":\"conversation:history\",\"conversationId\":\"00000000-0000-0000-0000-00000000000c\","
                + "\"title\":\"\",\"replyInProgress\":true,\"messages\":[{\"id\":\"00000000-0000-0000-0000-00000000000d\","
                + "\"role\":\"assistant\",\"status\":\"complete\",\"createdAt\":\"2026-01-02T03:04:05Z\",\"content\":["
                + "{\"type\":\"thinking\",\"text\":\"hm\"},{\"type\":\"text\",\"text\":\"hi\"},"
                + "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"search\",\"arguments\":\"{\\\"q\\\":1}\"},"
                + "{\"type\":\"tool_result\",\"toolCallId\":\"c1\",\"content\":\"found\",\"isError\":true}],"
                + "\"provider\":\"p\",\"model\":\"m\",\"stopReason\":\"end_turn\","
                + "\"usage\":{\"inputTokens\":3,\"outputTokens\":4,\"cachedInputTokens\":0,\"estimated\":true},"
                + "\"costUsd\":2,\"timing\":{\"timeToFirstTokenMs\":null,\"durationMs\":2000}}]}",
                frames.history(new ConversationView(conversation, List.of(assistant), true)));
    }

    private static Message message(Role role, List<ContentBlock> content, Generation generation) {
        return new Message(MESSAGE, CONVERSATION, USER, role, content, MessageStatus.COMPLETE, generation, AT);
    }
}
