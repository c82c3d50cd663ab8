package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.errorBeforeStream;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.recorded;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.API_KEY;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.RESPONSE_CREATED;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.ask;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.completed;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.messageAdded;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.responses;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.textDelta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Responses streams that go wrong, and streams that look odd but are fine. */
class ResponsesStreamTest extends MockServerTest {

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private static String callAdded(int outputIndex, String callId, String name) {
        return "{\"type\":\"response.output_item.added\",\"output_index\":" + outputIndex + ",\"item\":{\"type\":\"function_call\","
                + "\"id\":\"fc_" + outputIndex + "\",\"call_id\":\"" + callId + "\",\"name\":\"" + name + "\",\"arguments\":\"\"}}";
    }

    private static String argumentsDelta(int outputIndex, String delta) {
        return "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":" + outputIndex + ",\"delta\":\""
                + delta.replace("\"", "\\\"") + "\"}";
    }

    private ProviderReply replay(String body) {
        server.enqueue(sse(body));
        return responses(server.url("/v1").uri()).stream(ask("hi"), recorder, noCancel());
    }

    @Test
    void unknownEventsAndFieldsAreIgnoredAndATrailingDoneIsTolerated() {
        ProviderReply reply = replay(typedEvents(RESPONSE_CREATED,
                "{\"type\":\"response.queued\",\"response\":{\"status\":\"queued\"}}",
                messageAdded(0),
                "{\"type\":\"response.content_part.added\",\"output_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\"}}",
                textDelta(0, "A"),
                "{\"type\":\"response.output_text.annotation.added\",\"output_index\":0,\"annotation\":{\"type\":\"url_citation\"}}",
                "{\"type\":\"response.web_search_call.searching\",\"output_index\":1,\"delta\":\"not text\"}",
                "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"B\",\"logprobs\":[],\"obfuscation\":\"x\"}",
                "{\"type\":\"response.output_text.done\",\"output_index\":0,\"text\":\"AB\"}",
                completed("{\"input_tokens\":20,\"input_tokens_details\":{\"cached_tokens\":12},\"output_tokens\":2,"
                        + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":22}"))
                + "data: [DONE]\n\n");

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("AB")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(20, 2, 12), reply.usage());
        assertEquals("gpt-5-mini-2025-08-07", reply.model());
        assertEquals(List.of("A", "B"), recorder.textDeltas());
    }

    @Test
    void aDoneMarkerWithoutATerminalEventIsAStreamEndedEarly() {
        ProviderReply reply = replay(typedEvents(RESPONSE_CREATED, messageAdded(0), textDelta(0, "Hi")) + "data: [DONE]\n\n");

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertEquals("openai stream ended early: the response ended before the reply was complete (no response.completed,"
                + " response.incomplete or response.failed)", reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hi")), reply.content());
    }

    @Test
    void anIncompleteResponseStoppedAtItsLimitOrByTheFilter() {
        String limited = "{\"type\":\"response.incomplete\",\"response\":{\"status\":\"incomplete\",\"model\":\"gpt-5-mini\","
                + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"usage\":{\"input_tokens\":5,\"output_tokens\":16}}}";
        String filtered = "{\"type\":\"response.incomplete\",\"response\":{\"status\":\"incomplete\","
                + "\"incomplete_details\":{\"reason\":\"content_filter\"}}}";

        ProviderReply cut = replay(typedEvents(RESPONSE_CREATED, messageAdded(0), textDelta(0, "Once upon"), limited));
        ProviderReply stopped = replay(typedEvents(RESPONSE_CREATED, messageAdded(0), textDelta(0, "Well"), filtered));

        assertNull(cut.error());
        assertEquals(StopReason.MAX_TOKENS, cut.stopReason());
        assertEquals(new Usage(5, 16, 0), cut.usage());
        assertEquals(List.of(new ContentBlock.Text("Once upon")), cut.content());
        assertEquals(StopReason.CONTENT_FILTER, stopped.stopReason());
    }

    @Test
    void aRefusalIsTextWithTheRefusalStopReason() {
        ProviderReply reply = replay(typedEvents(RESPONSE_CREATED, messageAdded(0),
                "{\"type\":\"response.refusal.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"I can't\"}",
                "{\"type\":\"response.refusal.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\" help with that.\"}",
                "{\"type\":\"response.refusal.done\",\"output_index\":0,\"refusal\":\"I can't help with that.\"}",
                completed("{\"input_tokens\":9,\"output_tokens\":6}")));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("I can't help with that.")), reply.content());
        assertEquals(StopReason.REFUSAL, reply.stopReason());
    }

    @Test
    void reasoningTextThenParallelCallsEachInItsOwnItem() {
        ProviderReply reply = replay(typedEvents(RESPONSE_CREATED,
                "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\"}}",
                "{\"type\":\"response.reasoning_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"Two lookups.\"}",
                callAdded(1, "call_a", "get_weather"),
                callAdded(2, "call_b", "get_time"),
                argumentsDelta(1, "{\"city\":"),
                argumentsDelta(2, "{}"),
                argumentsDelta(1, "\"Oslo\"}"),
                argumentsDelta(7, "{\"for\":\"an item never added\"}"),
                "{\"type\":\"response.function_call_arguments.done\",\"output_index\":1,\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}",
                completed("{\"input_tokens\":30,\"output_tokens\":25}")));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Thinking("Two lookups.", null),
                new ContentBlock.ToolCall("call_a", "get_weather", "{\"city\":\"Oslo\"}"),
                new ContentBlock.ToolCall("call_b", "get_time", "{}")), reply.content());
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(List.<ChatStreamEvent>of(new ChatStreamEvent.ThinkingDelta("Two lookups."),
                new ChatStreamEvent.ToolCallStarted(1, "call_a", "get_weather"),
                new ChatStreamEvent.ToolCallStarted(2, "call_b", "get_time"),
                new ChatStreamEvent.ToolCallDelta(1, "{\"city\":"),
                new ChatStreamEvent.ToolCallDelta(2, "{}"),
                new ChatStreamEvent.ToolCallDelta(1, "\"Oslo\"}")), recorder.events);
    }

    @Test
    void theCodexBackendsTerminalEventCompletesTheReplyToo() {
        ProviderReply reply = replay(typedEvents(RESPONSE_CREATED, messageAdded(0), textDelta(0, "ok"),
                "{\"type\":\"response.done\",\"response\":{\"status\":\"completed\",\"usage\":{\"input_tokens\":4,\"output_tokens\":1}}}"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("ok")), reply.content());
        assertEquals(new Usage(4, 1, 0), reply.usage());
    }

    @Test
    void errorCodesMapToKindsAndAFailedResponseKeepsItsUsage() {
        ProviderReply limited = replay(typedEvents(RESPONSE_CREATED, messageAdded(0), textDelta(0, "par"),
                "{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down.\",\"param\":null}"));
        ProviderReply tooLong = replay(typedEvents(RESPONSE_CREATED, "{\"type\":\"response.failed\",\"response\":{\"status\":\"failed\","
                + "\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"Too long.\"},"
                + "\"usage\":{\"input_tokens\":400000,\"output_tokens\":0}}}"));

        assertEquals(Kind.RATE_LIMITED, limited.error().kind());
        assertEquals(List.of(new ContentBlock.Text("par")), limited.content());
        assertEquals(Kind.CONTEXT_TOO_LONG, tooLong.error().kind());
        assertEquals(new Usage(400000, 0, 0), tooLong.usage());
    }

    @Test
    void errorsBeforeTheStreamAreMappedAsForChatCompletionsWithoutTheKey() {
        ProviderError unauthorized = errorBeforeStream(server, responses(server.url("/v1").uri()), ask("hi"),
                recorded(ReferenceFiles.json("openai-error-401.json")));
        ProviderError echoed = errorBeforeStream(server, responses(server.url("/v1").uri()), ask("hi"),
                new MockResponse.Builder().code(429).addHeader("retry-after", "2").body("{\"error\":{\"message\":\"key "
                        + API_KEY + " is limited\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}").build());

        assertEquals(Kind.AUTHENTICATION, unauthorized.kind());
        assertEquals(401, unauthorized.httpStatus());
        assertEquals(Kind.RATE_LIMITED, echoed.kind());
        assertEquals(Duration.ofSeconds(2), echoed.retryAfter());
        assertFalse(echoed.message().contains(API_KEY), echoed.message());
        assertEquals("openai answered HTTP 429 (rate_limit_exceeded): key " + Secret.ofNullable(API_KEY).masked() + " is limited",
                echoed.message());
    }
}
