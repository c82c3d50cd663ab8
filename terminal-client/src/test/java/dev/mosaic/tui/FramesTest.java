package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesClientFramesLeavingOutAbsentFields() throws Exception {
        assertJson("{\"type\":\"message:send\",\"text\":\"hi\",\"requestId\":\"r1\"}",
                Frames.write(new ClientFrame.Send("hi", null, "r1")));
        assertJson("{\"type\":\"message:send\",\"text\":\"hi\",\"conversationId\":\"c1\",\"requestId\":\"r2\"}",
                Frames.write(new ClientFrame.Send("hi", "c1", "r2")));
        assertJson("{\"type\":\"message:abort\",\"conversationId\":\"c1\"}", Frames.write(new ClientFrame.Abort("c1")));
        assertJson("{\"type\":\"conversation:open\",\"conversationId\":\"c1\"}", Frames.write(new ClientFrame.Open("c1")));
        assertJson("{\"type\":\"command:execute\",\"command\":\"/history\"}",
                Frames.write(new ClientFrame.Command("/history", null)));
        assertJson("{\"type\":\"command:execute\",\"command\":\"/history\",\"conversationId\":\"c1\"}",
                Frames.write(new ClientFrame.Command("/history", "c1")));
        assertJson("{\"type\":\"ping\"}", Frames.write(new ClientFrame.Ping()));
    }

    @Test
    void escapesTextThatLooksLikeJson() throws Exception {
        String tricky = "quote \" backslash \\ newline \n unicode é 🎉 {\"type\":\"ping\"}";
        String json = Frames.write(new ClientFrame.Send(tricky, null, null));
        assertEquals(tricky, JSON.readTree(json).get("text").asText());
    }

    @Test
    void readsEveryGatewayFrame() {
        assertEquals(new ServerFrame.Ready(1, "u1", 65536),
                Frames.parse("{\"type\":\"ready\",\"protocolVersion\":1,\"userId\":\"u1\",\"maxFrameBytes\":65536}"));
        assertEquals(new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "configured", false, 128000),
                Frames.parse("{\"type\":\"session:info\",\"conversationId\":\"c1\",\"provider\":\"openai\","
                        + "\"model\":\"gpt-4o\",\"reason\":\"configured\",\"simulated\":false,\"contextWindow\":128000}"));
        assertEquals(new ServerFrame.MessageStored("c1", "m1", "r1"), Frames.parse(
                "{\"type\":\"message:stored\",\"conversationId\":\"c1\",\"messageId\":\"m1\",\"requestId\":\"r1\"}"));
        assertEquals(new ServerFrame.MessageStart("c1", "m2", "openai", "gpt-4o"), Frames.parse(
                "{\"type\":\"message:start\",\"conversationId\":\"c1\",\"messageId\":\"m2\",\"provider\":\"openai\","
                        + "\"model\":\"gpt-4o\"}"));
        assertEquals(new ServerFrame.Pong(), Frames.parse("{\"type\":\"pong\"}"));
        assertEquals(new ServerFrame.Error(new GatewayError("not_found", "no such conversation"), null, "c9"),
                Frames.parse("{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"no such conversation\","
                        + "\"conversationId\":\"c9\"}"));
        assertEquals(new ServerFrame.CommandResult("history", "2 messages", Map.of("messages", 2, "contextWindow", 32768)),
                Frames.parse("{\"type\":\"command:result\",\"command\":\"history\",\"text\":\"2 messages\","
                        + "\"data\":{\"messages\":2,\"contextWindow\":32768}}"));
    }

    @Test
    void writesToolOffersAndResults() throws Exception {
        assertJson("""
                {"type":"tools:offer","tools":[{"name":"read_file","description":"reads a file",
                 "parameters":{"type":"object","properties":{"path":{"type":"string"}}}}]}""",
                Frames.write(new ClientFrame.OfferTools(List.of(new ToolSpec("read_file", "reads a file",
                        JSON.readTree("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"))))));
        assertJson("{\"type\":\"tool:result\",\"callId\":\"t7\",\"content\":\"# Mosaic\"}",
                Frames.write(new ClientFrame.ToolAnswer("t7", "# Mosaic", false)));
        assertJson("{\"type\":\"tool:result\",\"callId\":\"t8\",\"content\":\"refused\",\"isError\":true}",
                Frames.write(new ClientFrame.ToolAnswer("t8", "refused", true)));
    }

    @Test
    void readsToolFramesTheAgentAndAContinuingEnd() {
        assertEquals(new ServerFrame.ToolStart("c1", "m2", "t1", "read_file", "{\"path\":\"README.md\"}", "client"),
                Frames.parse("""
                        {"type":"tool:start","conversationId":"c1","messageId":"m2","callId":"t1","name":"read_file",
                         "arguments":"{\\"path\\":\\"README.md\\"}","runsOn":"client"}"""));
        assertEquals(new ServerFrame.ToolEnd("c1", "t1", "read_file", true, "no such file", Duration.ofMillis(4)),
                Frames.parse("""
                        {"type":"tool:end","conversationId":"c1","callId":"t1","name":"read_file","isError":true,
                         "summary":"no such file","durationMs":4}"""));
        assertEquals(new ServerFrame.ToolRequest("c1", "t7", "grep", "{}"), Frames.parse(
                "{\"type\":\"tool:call\",\"conversationId\":\"c1\",\"callId\":\"t7\",\"name\":\"grep\",\"arguments\":\"{}\"}"));
        assertEquals(new ServerFrame.ToolsOffered(List.of("read_file"),
                        List.of(new ServerFrame.Refusal("current_time", "a gateway tool's name"))),
                Frames.parse("""
                        {"type":"tools:offered","accepted":["read_file"],
                         "refused":[{"name":"current_time","reason":"a gateway tool's name"}]}"""));
        assertEquals(new ServerFrame.ContextMemory("c1", List.of("language"), List.of("Alice deploys on Fridays."), null),
                Frames.parse("""
                        {"type":"context:memory","conversationId":"c1","preferences":["language"],
                         "insights":[{"id":"i-1","text":"Alice deploys on Fridays.","similarity":0.8}]}"""));
        ServerFrame.SessionInfo info = assertInstanceOf(ServerFrame.SessionInfo.class, Frames.parse("""
                {"type":"session:info","conversationId":"c1","provider":"anthropic","model":"claude-opus-4-6",
                 "agent":{"id":"a-1","name":"coding-agent","version":3},"reason":"pinned","simulated":false}"""));
        assertEquals(new ServerFrame.Agent("a-1", "coding-agent", 3), info.agent());
        ServerFrame.MessageEnd end = assertInstanceOf(ServerFrame.MessageEnd.class, Frames.parse(
                "{\"type\":\"message:end\",\"conversationId\":\"c1\",\"continues\":true,\"stopReason\":\"tool_use\"}"));
        assertTrue(end.continues());
        assertEquals(false, assertInstanceOf(ServerFrame.MessageEnd.class, Frames.parse(
                "{\"type\":\"message:end\",\"conversationId\":\"c1\"}")).continues());
    }

    @Test
    void readsDeltasOfEachKind() {
        assertEquals(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TEXT, "Hel", 0, null, null),
                Frames.parse("{\"type\":\"message:delta\",\"conversationId\":\"c1\",\"messageId\":\"m2\",\"kind\":\"text\","
                        + "\"text\":\"Hel\"}"));
        assertEquals(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.THINKING, "hmm", 0, null, null),
                Frames.parse("{\"type\":\"message:delta\",\"conversationId\":\"c1\",\"messageId\":\"m2\","
                        + "\"kind\":\"thinking\",\"text\":\"hmm\"}"));
        assertEquals(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "", 1, "call_1",
                        "get_weather"),
                Frames.parse("{\"type\":\"message:delta\",\"conversationId\":\"c1\",\"messageId\":\"m2\","
                        + "\"kind\":\"tool_call\",\"text\":\"\",\"toolCallIndex\":1,\"toolCallId\":\"call_1\","
                        + "\"toolName\":\"get_weather\"}"));
        ServerFrame later = Frames.parse("{\"type\":\"message:delta\",\"conversationId\":\"c1\",\"kind\":\"image\","
                + "\"text\":\"…\"}");
        assertEquals(ServerFrame.DeltaKind.OTHER, assertInstanceOf(ServerFrame.MessageDelta.class, later).kind());
    }

    @Test
    void readsAPartialEndWithUsageTimingAndError() {
        ServerFrame.MessageEnd end = assertInstanceOf(ServerFrame.MessageEnd.class, Frames.parse("""
                {"type":"message:end","conversationId":"c1","messageId":"m2","status":"partial","stopReason":"error",
                 "provider":"openai","model":"gpt-4o","usage":{"inputTokens":10,"outputTokens":5,"cachedInputTokens":2},
                 "timing":{"timeToFirstTokenMs":120,"durationMs":900},
                 "error":{"code":"provider_timeout","message":"no data for 60 s"}}"""));
        assertEquals("partial", end.status());
        assertEquals(new Usage(10, 5, 2), end.usage());
        assertEquals(new Timing(Duration.ofMillis(120), Duration.ofMillis(900)), end.timing());
        assertEquals(new GatewayError("provider_timeout", "no data for 60 s"), end.error());
    }

    @Test
    void readsAnEndWithoutTokensOrUsage() {
        ServerFrame.MessageEnd end = assertInstanceOf(ServerFrame.MessageEnd.class, Frames.parse(
                "{\"type\":\"message:end\",\"conversationId\":\"c1\",\"status\":\"complete\","
                        + "\"timing\":{\"timeToFirstTokenMs\":null,\"durationMs\":5}}"));
        assertEquals(Usage.NONE, end.usage());
        assertNull(end.timing().timeToFirstToken());
        assertEquals(Duration.ofMillis(5), end.timing().duration());
        assertNull(end.error());
    }

    @Test
    void readsAHistoryWithEveryKindOfBlock() {
        ServerFrame.History history = assertInstanceOf(ServerFrame.History.class, Frames.parse("""
                {"type":"conversation:history","conversationId":"c1","title":"Weather","replyInProgress":true,
                 "messages":[
                  {"id":"m1","role":"user","status":"complete","createdAt":"2026-01-02T03:04:05Z",
                   "content":[{"type":"text","text":"Weather in "},{"type":"text","text":"Paris?"}]},
                  {"id":"m2","role":"assistant","status":"partial","createdAt":"2026-01-02T03:04:06Z",
                   "content":[{"type":"thinking","text":"look it up"},
                              {"type":"tool_call","id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                              {"type":"hologram","text":"from the future"}],
                   "provider":"openai","model":"gpt-4o","stopReason":"error",
                   "usage":{"inputTokens":10,"outputTokens":5,"cachedInputTokens":0},
                   "timing":{"timeToFirstTokenMs":120,"durationMs":900},
                   "error":{"code":"interrupted","message":"the gateway stopped"}},
                  {"id":"m3","role":"tool","status":"complete","createdAt":"not a time",
                   "content":[{"type":"tool_result","toolCallId":"call_1","content":"18 °C","isError":false}]}]}"""));
        assertEquals("Weather", history.title());
        assertTrue(history.replyInProgress());
        List<StoredMessage> messages = history.messages();
        assertEquals(3, messages.size());

        StoredMessage user = messages.get(0);
        assertEquals("user", user.role());
        assertEquals("Weather in Paris?", user.text());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), user.createdAt());
        assertNull(user.provider());
        assertEquals(Usage.NONE, user.usage());

        StoredMessage assistant = messages.get(1);
        assertTrue(assistant.isPartial());
        assertEquals("", assistant.text());
        assertEquals("look it up", assistant.thinking());
        assertEquals(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), assistant.toolCalls());
        assertEquals("gpt-4o", assistant.model());
        assertEquals(new GatewayError("interrupted", "the gateway stopped"), assistant.error());

        StoredMessage tool = messages.get(2);
        assertNull(tool.createdAt());
        assertEquals(List.of(new ToolResult("call_1", "18 °C", false)), tool.toolResults());
    }

    @Test
    void readsAContextCompaction() {
        assertEquals(new ServerFrame.ContextCompacted("c1", true, 12, 2140, 820, 8192, "gpt-4o-mini",
                        "a checkpoint now summarizes the 12 oldest messages"),
                Frames.parse("""
                        {"type":"context:compacted","conversationId":"c1","summarized":true,"messagesCovered":12,
                         "tokensBefore":2140,"tokensAfter":820,"contextWindow":8192,"summarizerModel":"gpt-4o-mini",
                         "note":"a checkpoint now summarizes the 12 oldest messages","checkpointId":"later"}"""));
        assertEquals(new ServerFrame.ContextCompacted("c1", false, 0, 0, 0, 0, null, null),
                Frames.parse("{\"type\":\"context:compacted\",\"conversationId\":\"c1\",\"summarized\":false,"
                        + "\"tokensBefore\":\"many\"}"), "missing or mistyped fields read as absent");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        assertEquals(new ServerFrame.MessageStored("c1", "m1", null), Frames.parse(
                "{\"type\":\"message:stored\",\"conversationId\":\"c1\",\"messageId\":\"m1\",\"shard\":7,"
                        + "\"trace\":{\"id\":\"x\"},\"tags\":[1,2]}"));
    }

    @Test
    void aCommandResultMayCarryFactsThatAreNull() {
        ServerFrame.CommandResult result = assertInstanceOf(ServerFrame.CommandResult.class, Frames.parse("""
                {"type":"command:result","command":"model","text":"Routing chooses","data":{"pinned":null,"models":[]}}"""));
        assertTrue(result.data().containsKey("pinned"));
        assertNull(result.data().get("pinned"));
    }

    @Test
    void readsTheRoutingDecisionInBriefAndAFailover() {
        ServerFrame.SessionInfo info = assertInstanceOf(ServerFrame.SessionInfo.class, Frames.parse("""
                {"type":"session:info","conversationId":"c1","provider":"anthropic","model":"claude-opus-4-6",
                 "reason":"r","simulated":false,"contextWindow":200000,
                 "routing":{"classification":{"taskType":"coding","complexity":"complex","confidence":0.92},
                            "rule":{"id":"x","name":"coding, complex","priority":10,"owner":"system"},"pinned":false,
                            "fallbacks":[{"provider":"openai","model":"gpt-5.4","cause":"no credential"}]}}"""));
        assertEquals(new ServerFrame.Routing("coding", "complex", 0.92, "coding, complex", false, 1), info.routing());
        assertEquals(new ServerFrame.RoutingFailover("c1", "m1", "a/x", "b/y", "provider_timeout"), Frames.parse("""
                {"type":"routing:failover","conversationId":"c1","messageId":"m1","from":"a/x","to":"b/y",
                 "cause":"provider_timeout"}"""));
    }

    @Test
    void readsMistypedFieldsAsAbsentOrLeniently() {
        ServerFrame.SessionInfo info = assertInstanceOf(ServerFrame.SessionInfo.class, Frames.parse(
                "{\"type\":\"session:info\",\"conversationId\":{\"nested\":true},\"provider\":42,"
                        + "\"simulated\":\"yes\",\"contextWindow\":\"lots\"}"));
        assertNull(info.conversationId());
        assertEquals("42", info.provider());
        assertNull(info.model());
        assertEquals(0, info.contextWindow());
    }

    @Test
    void keepsFramesOfUnknownTypes() {
        ServerFrame.Unknown unknown = assertInstanceOf(ServerFrame.Unknown.class,
                Frames.parse("{\"type\":\"presence:update\",\"who\":\"alice\"}"));
        assertEquals("presence:update", unknown.type());
        assertEquals("alice", unknown.frame().get("who").asText());
    }

    @Test
    void turnsWhatIsNotAFrameIntoMalformedWithoutThrowing() {
        assertTrue(assertInstanceOf(ServerFrame.Malformed.class, Frames.parse("{\"type\":")).problem()
                .startsWith("not JSON"));
        assertTrue(assertInstanceOf(ServerFrame.Malformed.class, Frames.parse("hello")).problem().startsWith("not JSON"));
        assertEquals("not a JSON object", assertInstanceOf(ServerFrame.Malformed.class, Frames.parse("[1,2]")).problem());
        assertEquals("not a JSON object", assertInstanceOf(ServerFrame.Malformed.class, Frames.parse("")).problem());
        assertEquals("no string field 'type'",
                assertInstanceOf(ServerFrame.Malformed.class, Frames.parse("{\"kind\":\"pong\"}")).problem());
        assertEquals("no string field 'type'",
                assertInstanceOf(ServerFrame.Malformed.class, Frames.parse("{\"type\":7}")).problem());
    }

    @Test
    void anErrorWithoutCodeStillReadsAsAnError() {
        ServerFrame.Error error = assertInstanceOf(ServerFrame.Error.class,
                Frames.parse("{\"type\":\"error\",\"message\":\"something\"}"));
        assertEquals(new GatewayError("error", "something"), error.error());
    }

    @Test
    void readsTheErrorOfAn401Body() {
        assertEquals(new GatewayError("token_expired", "the token expired"), Frames.errorBody(
                "{\"type\":\"error\",\"code\":\"token_expired\",\"message\":\"the token expired\"}"));
        assertNull(Frames.errorBody("<html>Unauthorized</html>"));
        assertNull(Frames.errorBody(""));
        assertNull(Frames.errorBody("{\"message\":\"no code\"}"));
    }

    private static void assertJson(String expected, String actual) throws Exception {
        assertEquals(JSON.readTree(expected), JSON.readTree(actual));
    }
}
