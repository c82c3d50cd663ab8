package dev.mosaic.adapters.out.providers.anthropic;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.TextDelta;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.ThinkingDelta;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.ToolCallDelta;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.ToolCallStarted;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every recorded Messages stream, served over a real HTTP connection. */
class TranscriptReplayTest extends MockServerTest {

    /** The streams replayed below. */
    private static final Set<String> REPLAYED = Set.of("anthropic-stream-text.sse", "anthropic-stream-thinking.sse",
            "anthropic-stream-tool-use.sse", "anthropic-error-overloaded-midstream.sse");
    /** The other Anthropic reference files the tests of this package read, and where. */
    private static final Set<String> USED_ELSEWHERE = Set.of(
            "anthropic-error-401.json", "anthropic-error-404-doc.json", "anthropic-error-429.json", "anthropic-error-529.json",
            "anthropic-models-list.json", "anthropic-models-list-extended.json");
    /** Reference files about Anthropic that describe what the adapter does not do. */
    private static final Set<String> NOT_FOR_THIS_ADAPTER = Set.of(
            // Counting tokens before sending (POST /v1/messages/count_tokens) is not part of the adapter.
            "anthropic-count-tokens.json");

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private ProviderReply replay(String transcript) {
        server.enqueue(sse(ReferenceFiles.text(transcript)));
        return adapter(server.url("/").uri()).stream(ask("hi"), recorder, noCancel());
    }

    @Test
    void everyAnthropicReferenceFileIsUsedOrExplicitlyNotForThisAdapter() {
        Set<String> accounted = new TreeSet<>();
        Stream.of(REPLAYED, USED_ELSEWHERE, NOT_FOR_THIS_ADAPTER).forEach(accounted::addAll);

        assertEquals(accounted, ReferenceFiles.names("anthropic-*"));
        assertEquals(new TreeSet<>(REPLAYED), ReferenceFiles.names("anthropic-*.sse"), "every stream is replayed here");
    }

    @Test
    void textStream() {
        ProviderReply reply = replay("anthropic-stream-text.sse");

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("Hello!")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        // message_delta's output count replaces message_start's; the input count is kept.
        assertEquals(new Usage(25, 15, 0), reply.usage());
        assertEquals("claude-sonnet-4-5-20250929", reply.model());
        assertEquals(List.<ChatStreamEvent>of(new TextDelta("Hello"), new TextDelta("!")), recorder.events);
    }

    @Test
    void thinkingStreamKeepsTheSignatureWithTheThinking() {
        ProviderReply reply = replay("anthropic-stream-thinking.sse");

        List<String> thinking = List.of("Let me solve this step by step:\n\n1. First break down 27 * 453",
                "\n2. 453 = 400 + 50 + 3", "\n3. 27 * 400 = 10,800", "\n4. 27 * 50 = 1,350", "\n5. 27 * 3 = 81",
                "\n6. 10,800 + 1,350 + 81 = 12,231");
        assertNull(reply.error());
        assertEquals(List.of(
                new ContentBlock.Thinking(String.join("", thinking), "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."),
                new ContentBlock.Text("27 * 453 = 12,231")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(Usage.NONE, reply.usage(), "this documented example carries no usage at all");
        assertEquals("claude-sonnet-4-5-20250929", reply.model());
        List<ChatStreamEvent> expected = new ArrayList<>();
        thinking.forEach(piece -> expected.add(new ThinkingDelta(piece)));
        expected.add(new TextDelta("27 * 453 = 12,231"));
        assertEquals(expected, recorder.events);
    }

    @Test
    void toolUseStreamAssemblesTheInputJsonPieces() {
        ProviderReply reply = replay("anthropic-stream-tool-use.sse");

        String text = "Okay, let's check the weather for San Francisco, CA:";
        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text(text), new ContentBlock.ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                "{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}")), reply.content());
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(new Usage(472, 89, 0), reply.usage());
        List<ChatStreamEvent> expected = new ArrayList<>();
        for (String piece : List.of("Okay", ",", " let", "'s", " check", " the", " weather", " for", " San", " Francisco", ",",
                " CA", ":")) {
            expected.add(new TextDelta(piece));
        }
        // The tool call is identified by its block's index; the empty first piece is no event.
        expected.add(new ToolCallStarted(1, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"));
        for (String piece : List.of("{\"location\":", " \"San", " Francisc", "o,", " CA\"", ", ", "\"unit\": \"fah", "renheit\"}")) {
            expected.add(new ToolCallDelta(1, piece));
        }
        assertEquals(expected, recorder.events);
    }

    @Test
    void anErrorEventMidStreamFailsTheReplyKeepingThePartialText() {
        ProviderReply reply = replay("anthropic-error-overloaded-midstream.sse");

        assertEquals(List.of(new ContentBlock.Text("Hello")), reply.content());
        assertEquals(StopReason.ERROR, reply.stopReason());
        assertEquals(new Usage(25, 1, 0), reply.usage());
        assertEquals("claude-sonnet-4-5-20250929", reply.model());
        ProviderError error = reply.error();
        assertEquals(ProviderError.Kind.OVERLOADED, error.kind());
        assertEquals("anthropic failed in the middle of the reply: Overloaded (overloaded_error)", error.message());
        assertTrue(error.retryable());
        assertEquals(0, error.httpStatus());
        assertEquals(List.<ChatStreamEvent>of(new TextDelta("Hello")), recorder.events);
    }
}
