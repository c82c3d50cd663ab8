package dev.mosaic.adapters.out.providers.anthropic;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.MESSAGE_STOP;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.ask;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.blockStart;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.blockStop;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.delta;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.messageDelta;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.messageStart;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.textDelta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages streams that go wrong, and streams that look odd but are fine. */
class StreamFailureTest extends MockServerTest {

    private static final String START = messageStart("{\"input_tokens\":10,\"output_tokens\":1}");

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private ProviderReply replay(String body) {
        server.enqueue(sse(body));
        return adapter(server.url("/").uri()).stream(ask("hi"), recorder, noCancel());
    }

    @Test
    void unknownEventsBlocksDeltasAndFieldsAreIgnored() {
        ProviderReply reply = replay(typedEvents(START,
                "{\"type\":\"ping\"}",
                "{\"type\":\"message_surprise\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"no\"}}",
                blockStart(0, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"}"),
                blockStop(0),
                blockStart(1, "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}"),
                delta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"query\\\":\\\"x\\\"}\"}"),
                blockStop(1),
                blockStart(2, "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}"),
                blockStop(2),
                blockStart(3, "{\"type\":\"text\",\"text\":\"\",\"citations\":null,\"future\":1}"),
                textDelta(3, "A"),
                delta(3, "{\"type\":\"citations_delta\",\"citation\":{\"type\":\"web_search_result_location\"}}"),
                delta(3, "{\"type\":\"thinking_delta\",\"thinking\":\"not for a text block\"}"),
                textDelta(9, "for a block that never started"),
                textDelta(3, "B"),
                blockStop(3),
                blockStart(4, "{\"type\":\"compaction\",\"content\":\"summary\"}"),
                delta(4, "{\"type\":\"compaction_delta\",\"content\":\"more\"}"),
                blockStop(4),
                messageDelta("end_turn", "{\"output_tokens\":7,\"server_tool_use\":{\"web_search_requests\":1},\"novel\":true}"),
                MESSAGE_STOP));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("AB")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(10, 7, 0), reply.usage());
        assertEquals(List.of("A", "B"), recorder.textDeltas());
        assertEquals(2, recorder.events.size());
    }

    @Test
    void usageIsCumulativeAndCountsCachedInputAsInput() {
        ProviderReply reply = replay(typedEvents(
                messageStart("{\"input_tokens\":5,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":2000,"
                        + "\"output_tokens\":1,\"cache_creation\":{\"ephemeral_5m_input_tokens\":100},\"service_tier\":\"standard\"}"),
                blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), textDelta(0, "ok"), blockStop(0),
                // Newer API versions repeat the input counts here; a null count leaves the known one alone.
                messageDelta("end_turn", "{\"input_tokens\":6,\"cache_creation_input_tokens\":null,\"cache_read_input_tokens\":2000,"
                        + "\"output_tokens\":42}"),
                MESSAGE_STOP));

        assertEquals(new Usage(6 + 100 + 2000, 42, 2000), reply.usage());
    }

    @ParameterizedTest
    @CsvSource({
            "end_turn, END_TURN", "max_tokens, MAX_TOKENS", "stop_sequence, STOP_SEQUENCE", "tool_use, TOOL_USE",
            "refusal, REFUSAL", "pause_turn, END_TURN", "model_context_window_exceeded, MAX_TOKENS",
            "a_reason_added_later, END_TURN"})
    void stopReasonsMapToTheGatewaysWords(String wire, StopReason expected) {
        ProviderReply reply = replay(typedEvents(START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), textDelta(0, "x"),
                blockStop(0), messageDelta(wire, "{\"output_tokens\":2}"), MESSAGE_STOP));

        assertNull(reply.error());
        assertEquals(expected, reply.stopReason());
    }

    @Test
    void aRefusalIsRelayedAndKeptWithItsCategoryAndExplanation() {
        ProviderReply reply = replay(typedEvents(START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
                textDelta(0, "Hello.."), blockStop(0),
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\",\"stop_sequence\":null,"
                        + "\"stop_details\":{\"type\":\"refusal\",\"category\":\"cyber\",\"explanation\":"
                        + "\"This request was declined because it could enable cyber harm.\"}},\"usage\":{\"output_tokens\":5}}",
                MESSAGE_STOP));

        String note = "[anthropic declined to continue (cyber): This request was declined because it could enable cyber harm.]";
        assertNull(reply.error());
        assertEquals(StopReason.REFUSAL, reply.stopReason());
        assertEquals(List.of(new ContentBlock.Text("Hello.."), new ContentBlock.Text("\n\n" + note)), reply.content());
        assertEquals(List.of("Hello..", "\n\n" + note), recorder.textDeltas());
    }

    @Test
    void aRefusalWithoutDetailsBeforeAnyTextStillSaysSo() {
        ProviderReply reply = replay(typedEvents(START,
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\",\"stop_sequence\":null,"
                        + "\"stop_details\":{\"type\":\"refusal\",\"category\":null,\"explanation\":null}},"
                        + "\"usage\":{\"output_tokens\":0}}",
                MESSAGE_STOP));

        assertEquals(StopReason.REFUSAL, reply.stopReason());
        assertEquals(List.of(new ContentBlock.Text("[anthropic declined to continue]")), reply.content());
    }

    @ParameterizedTest
    @CsvSource({
            "overloaded_error, OVERLOADED, true", "rate_limit_error, RATE_LIMITED, true", "api_error, UNAVAILABLE, true",
            "timeout_error, TIMEOUT, true", "authentication_error, AUTHENTICATION, false",
            "permission_error, AUTHENTICATION, false", "billing_error, RATE_LIMITED, false",
            "request_too_large, CONTEXT_TOO_LONG, false", "invalid_request_error, BAD_REQUEST, false",
            "not_found_error, BAD_REQUEST, false", "an_error_added_later, UNKNOWN, false"})
    void errorEventsMapByTheirType(String type, Kind kind, boolean retryable) {
        ProviderReply reply = replay(typedEvents(START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), textDelta(0, "par"),
                "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"it broke\"}}", textDelta(0, "tial")));

        ProviderError error = reply.error();
        assertEquals(kind, error.kind());
        assertEquals(retryable, error.retryable());
        assertEquals("anthropic failed in the middle of the reply: it broke (" + type + ")", error.message());
        assertEquals(List.of(new ContentBlock.Text("par")), reply.content());
        assertEquals(StopReason.ERROR, reply.stopReason());
    }

    @Test
    void aPromptTooLongInAnErrorEventIsSaidSo() {
        ProviderReply reply = replay(typedEvents(START, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"prompt is too long: 201000 tokens > 200000 maximum\"}}"));

        assertEquals(Kind.CONTEXT_TOO_LONG, reply.error().kind());
    }

    @Test
    void withheldThinkingStillKeepsItsSignatureAndEachThinkingBlockItsOwn() {
        ProviderReply reply = replay(typedEvents(START,
                blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}"),
                delta(0, "{\"type\":\"signature_delta\",\"signature\":\"sig-omitted\"}"),
                blockStop(0),
                blockStart(1, "{\"type\":\"thinking\",\"thinking\":\"\"}"),
                delta(1, "{\"type\":\"thinking_delta\",\"thinking\":\"second\"}"),
                delta(1, "{\"type\":\"thinking_delta\",\"thinking\":\"\"}"),
                delta(1, "{\"type\":\"signature_delta\",\"signature\":\"sig-2\"}"),
                blockStop(1),
                blockStart(2, "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"get_time\",\"input\":{}}"),
                blockStop(2),
                messageDelta("tool_use", "{\"output_tokens\":30}"),
                MESSAGE_STOP));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Thinking("", "sig-omitted"), new ContentBlock.Thinking("second", "sig-2"),
                new ContentBlock.ToolCall("toolu_9", "get_time", "{}")), reply.content());
        assertEquals(List.<ChatStreamEvent>of(new ChatStreamEvent.ThinkingDelta("second"),
                new ChatStreamEvent.ToolCallStarted(2, "toolu_9", "get_time")), recorder.events);
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
    }

    @Test
    void jsonPaddedWithSpacesAsRealTrafficIsAndDataWithoutEventNamesAreRead() {
        String padded = ReferenceFiles.text("anthropic-stream-text.sse").replace("}\n", "}        \n");
        String nameless = ReferenceFiles.text("anthropic-stream-text.sse").replaceAll("(?m)^event: .*\\n", "");

        ProviderReply fromPadded = replay(padded);
        ProviderReply fromNameless = replay(nameless);

        assertNull(fromPadded.error());
        assertEquals(List.of(new ContentBlock.Text("Hello!")), fromPadded.content());
        assertNull(fromNameless.error());
        assertEquals(List.of(new ContentBlock.Text("Hello!")), fromNameless.content());
        assertEquals(new Usage(25, 15, 0), fromNameless.usage());
    }

    @Test
    void aLastEventWithoutItsClosingBlankLineAsInRecordedFixturesIsStillRead() {
        ProviderReply reply = replay(ReferenceFiles.text("anthropic-stream-text.sse").stripTrailing());

        assertNull(reply.error(), () -> reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hello!")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
    }

    @Test
    void aStreamCutInTheMiddleOfAnEventIsMalformedAndKeepsWhatCameBefore() {
        String text = ReferenceFiles.text("anthropic-stream-text.sse");
        ProviderReply reply = replay(text.substring(0, text.indexOf("\"text\": \"!\"")));

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertTrue(reply.error().message().startsWith("anthropic sent a stream event that is not JSON: {\"type\":"
                + " \"content_block_delta\""), reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hello")), reply.content());
    }

    @Test
    void aSuccessfulResponseThatIsNotAnEventStreamIsMalformed() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[]}").build());

        ProviderReply reply = adapter(server.url("/").uri()).stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertEquals("anthropic answered HTTP 200 with content type 'application/json' instead of an event stream",
                reply.error().message());
    }
}
